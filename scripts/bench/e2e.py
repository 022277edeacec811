"""Whole-process benchmark: Tessera's command line against the Python peers (dask, scikit-image, scipy) as a
user runs them from the shell, start-up, file reading and writing included, on the same files, in one run.

    scripts/bench/e2e [--runs 3] [--rows seed20,seed100,big-tiff,big-zarr,vo-stats,vo-stats-chunked,stack,vo-stats-3d,rl,stardist] [--work target/bench-e2e]

Each row is timed with hyperfine (--runs runs after one warm-up, min and median) and peak memory with
/usr/bin/time; the table gives Tessera / peer ratios (below 1: Tessera is faster). Files are made once (seeded)
under --work. Needs `mvn -B package -DskipTests`, Debian's hyperfine, python3-dask, python3-skimage,
python3-tifffile, python3-zarr, and ../shared/bench/peers (the peer scripts)."""
import argparse, json, os, shutil, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.path.join(os.path.dirname(ROOT), "shared", "bench", "peers")
PY = "/usr/bin/python3"
TESSERA = os.path.join(ROOT, "scripts", "tessera")


def make_files(work):
    import numpy as np, tifffile
    rng = np.random.default_rng(2026)
    for n in (20, 100):
        d = os.path.join(work, "seed%d" % n)
        if not os.path.isdir(d) or len(os.listdir(d)) != n:
            os.makedirs(d, exist_ok=True)
            for i in range(n):
                tifffile.imwrite(os.path.join(d, "img%03d.tif" % i), rng.random((1024, 1024), dtype=np.float32))
    big = os.path.join(work, "big8192.tif")
    if not os.path.exists(big):
        tifffile.imwrite(big, (rng.random((8192, 8192), dtype=np.float32) * 1000).astype(np.float32))
    nuclei = os.path.join(work, "nuclei2048.tif")
    if not os.path.exists(nuclei):
        # 2048^2 uint16: 1500 blurred discs of radius 5..12 on a dark background with noise
        from scipy import ndimage
        img = np.zeros((2048, 2048), np.float32)
        yy, xx = np.mgrid[-12:13, -12:13]
        for _ in range(1500):
            r, y, x = rng.uniform(5, 12), rng.integers(12, 2036), rng.integers(12, 2036)
            img[y - 12:y + 13, x - 12:x + 13] = np.maximum(img[y - 12:y + 13, x - 12:x + 13], (xx ** 2 + yy ** 2 <= r * r) * rng.uniform(0.5, 1))
        img = ndimage.gaussian_filter(img, 1.5) * 3000 + 200 + rng.normal(0, 60, img.shape)
        tifffile.imwrite(nuclei, np.clip(img, 0, 65535).astype(np.uint16))
    stack = os.path.join(work, "stack256x1024.tif")
    if not os.path.exists(stack):
        # 256 x 1024^2 uint16 (512 MiB): smooth noise, written plane by plane
        with tifffile.TiffWriter(stack, bigtiff=False) as w:
            base = rng.integers(100, 4000, (1024, 1024), dtype=np.uint16)
            for z in range(256):
                w.write(np.roll(base, z * 7, axis=1), contiguous=True)
    nuclei3d = os.path.join(work, "nuclei512x512x128.tif")
    if not os.path.exists(nuclei3d):
        # 128 x 512^2 uint16: 1500 blurred balls of radius 4..9 with noise
        from scipy import ndimage
        vol = np.zeros((128, 512, 512), np.float32)
        zz, yy, xx = np.mgrid[-9:10, -9:10, -9:10]
        for _ in range(1500):
            r = rng.uniform(4, 9)
            z, y, x = rng.integers(9, 119), rng.integers(9, 503), rng.integers(9, 503)
            sl = (slice(z - 9, z + 10), slice(y - 9, y + 10), slice(x - 9, x + 10))
            vol[sl] = np.maximum(vol[sl], (xx ** 2 + yy ** 2 + zz ** 2 <= r * r) * rng.uniform(0.5, 1))
        vol = ndimage.gaussian_filter(vol, 1.2) * 3000 + 200 + rng.normal(0, 60, vol.shape)
        tifffile.imwrite(nuclei3d, np.clip(vol, 0, 65535).astype(np.uint16))
    rl = os.path.join(work, "rl128.tif")
    if not os.path.exists(rl):
        # the Richardson-Lucy peer's own 128^3 phantom and PSF (../shared/bench/peers/deconv_rl.py, seed 7)
        sys.path.insert(0, PEERS)
        import deconv_rl
        _, _, observed, psf, _ = deconv_rl.make_phantom(128, 7)
        tifffile.imwrite(os.path.join(work, "rl128-psf.tif"), psf.astype(np.float32))
        tifffile.imwrite(rl, observed.astype(np.float32))
    sd = os.path.join(work, "stardist1024.tif")
    if not os.path.exists(sd):
        # 1024^2 of real nuclei: the StarDist test image (256^2) tiled 4 x 4 with flips
        tile = tifffile.imread(os.path.join(ROOT, "..", "shared", "test-data", "stardist", "tests-data", "img2d.tif"))
        rows_ = [np.concatenate([tile[:, ::(-1) ** (i + j)][::(-1) ** j] for i in range(4)], axis=1) for j in range(4)]
        tifffile.imwrite(sd, np.concatenate(rows_, axis=0))
    return big


def rows(work, big):
    out = os.path.join(work, "out")
    return {
        "seed20": ("seed batch, 20 x 1024^2 float32, sigma 10 + variances + writes",
                   f'{TESSERA} batch input={work}/seed20 output={out}/t20 pipeline="gaussian sigma=10"',
                   f'{PY} {PEERS}/seed_batch_files.py {work}/seed20 {out}/p20', [f"{out}/t20", f"{out}/p20"]),
        "seed100": ("seed batch, 100 x 1024^2 float32, sigma 10",
                    f'{TESSERA} batch input={work}/seed100 output={out}/t100 pipeline="gaussian sigma=10"',
                    f'{PY} {PEERS}/seed_batch_files.py {work}/seed100 {out}/p100', [f"{out}/t100", f"{out}/p100"]),
        "big-tiff": ("8192^2 float32 TIFF -> TIFF, sigma 4, 1024^2 blocks",
                     f"{TESSERA} gaussian input={big} output={out}/t.tif sigma=4 execution=chunked chunk=1024",
                     f"{PY} {PEERS}/big_overlap_files.py {big} {out}/p.tif", []),
        "vo-stats": ("Voronoi-Otsu labeling + label statistics, 2048^2 uint16, 1500 nuclei, label TIFF + CSV",
                     f"bash -c '{TESSERA} voronoi-otsu-labeling input={work}/nuclei2048.tif spot_sigma=2 outline_sigma=2 device=CPU "
                     f"output={out}/vo-t.tif >/dev/null && {TESSERA} label-statistics input={work}/nuclei2048.tif labels={out}/vo-t.tif "
                     f"device=CPU output={out}/vo-t.csv >/dev/null'",
                     f"{PY} {ROOT}/scripts/bench/vo_stats_files.py {work}/nuclei2048.tif {out}/vo-p.tif {out}/vo-p.csv 2 2", []),
        "vo-stats-chunked": ("the same block by block from the file (execution=chunked: labels to OME-Zarr, statistics read from it)",
                     f"bash -c '{TESSERA} voronoi-otsu-labeling input={work}/nuclei2048.tif spot_sigma=2 outline_sigma=2 execution=chunked "
                     f"resume=false output={out}/vo-t.zarr >/dev/null && {TESSERA} label-statistics input={work}/nuclei2048.tif "
                     f"labels={out}/vo-t.zarr execution=chunked output={out}/vo-tc.csv >/dev/null'",
                     f"{PY} {ROOT}/scripts/bench/vo_stats_files.py {work}/nuclei2048.tif {out}/vo-p.tif {out}/vo-p.csv 2 2", []),
        "stack": ("256 x 1024^2 uint16 TIFF -> TIFF, sigma 2 (3D)",
                  f"{TESSERA} gaussian input={work}/stack256x1024.tif sigma=2 device=CPU output={out}/stack-t.tif",
                  f"{PY} {ROOT}/scripts/bench/stack_gauss_files.py {work}/stack256x1024.tif {out}/stack-p.tif 2", []),
        "vo-stats-3d": ("Voronoi-Otsu labeling + label statistics, 512x512x128 uint16, 1500 nuclei, label TIFF + CSV",
                        f"bash -c '{TESSERA} voronoi-otsu-labeling input={work}/nuclei512x512x128.tif spot_sigma=2 outline_sigma=2 "
                        f"device=CPU output={out}/vo3-t.tif >/dev/null && {TESSERA} label-statistics input={work}/nuclei512x512x128.tif "
                        f"labels={out}/vo3-t.tif device=CPU output={out}/vo3-t.csv >/dev/null'",
                        f"{PY} {ROOT}/scripts/bench/vo_stats_files.py {work}/nuclei512x512x128.tif {out}/vo3-p.tif {out}/vo3-p.csv 2 2",
                        []),
        "rl": ("Richardson-Lucy 128^3, 50 iterations, TIFF -> TIFF (the peer's phantom and 31^3 PSF)",
               f"{TESSERA} deconvolve input={work}/rl128.tif psf={work}/rl128-psf.tif iterations=50 regularization=0 "
               f"acceleration=none device=CPU output={out}/rl-t.tif",
               f"{PY} {ROOT}/scripts/bench/rl_files.py {work}/rl128.tif {work}/rl128-psf.tif {out}/rl-p.tif 50", []),
        "stardist": ("StarDist 2D, built-in model, 1024^2 real nuclei from TIFF -> labels + CSV (no peer: Python StarDist needs "
                     "TensorFlow, which this machine lacks)",
                     f"{TESSERA} stardist input={work}/stardist1024.tif output={out}/sd-t.tif results={out}/sd-t.csv",
                     None, []),
        "big-zarr": ("8192^2 float32 TIFF -> OME-Zarr, sigma 4, 1024^2 chunks",
                     f"{TESSERA} gaussian input={big} output={out}/t.zarr sigma=4 execution=chunked chunk=1024 resume=false",
                     f"{PY} {ROOT}/scripts/bench/big_overlap_zarr.py {big} {out}/p.zarr", [f"{out}/p.zarr"]),
    }


def hyperfine(cmd, runs, prepare):
    tmp = os.path.join("/tmp", "tessera-e2e-%d.json" % os.getpid())
    args = ["hyperfine", "-N", "--warmup", "1", "--runs", str(runs), "--export-json", tmp]
    if prepare:
        args += ["--prepare", prepare]
    subprocess.run(args + [cmd], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(tmp) as f:
        r = json.load(f)["results"][0]
    os.remove(tmp)
    return min(r["times"]), r["median"]


def peak_mib(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "bash", "-c", cmd], capture_output=True, text=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", default="seed20,seed100,big-tiff,big-zarr,vo-stats,vo-stats-chunked,stack,vo-stats-3d,rl,stardist")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench-e2e"))
    a = ap.parse_args()
    if not os.path.isdir(PEERS):
        sys.exit("bench-e2e: the peer scripts are missing: " + PEERS)
    os.makedirs(a.work, exist_ok=True)
    big = make_files(a.work)
    table = rows(a.work, big)
    print("| work | Tessera min / median (s) | peer min / median (s) | ratio (median) | peak MiB Tessera / peer |")
    print("|---|---|---|---|---|")
    for key in a.rows.split(","):
        what, ours, peer, clean = table[key]
        prep = "rm -rf " + " ".join(clean) if clean else None
        t = hyperfine(ours, a.runs, prep)
        if peer is None:
            mt = peak_mib(ours)
            print(f"| {what} | {t[0]:.2f} / {t[1]:.2f} | - | - | {mt:.0f} / - |", flush=True)
            continue
        p = hyperfine(peer, a.runs, prep)
        if prep:
            subprocess.run(prep, shell=True)
        mt = peak_mib(ours)
        if prep:
            subprocess.run(prep, shell=True)
        mp = peak_mib(peer)
        print(f"| {what} | {t[0]:.2f} / {t[1]:.2f} | {p[0]:.2f} / {p[1]:.2f} | {t[1] / p[1]:.2f} | {mt:.0f} / {mp:.0f} |", flush=True)
    print("\n(%s, %d runs each after a warm-up, loadavg %s)" % (time.strftime("%Y-%m-%d %H:%M"), a.runs,
                                                              " ".join("%.2f" % x for x in os.getloadavg())))


if __name__ == "__main__":
    main()
