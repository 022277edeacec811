#!/usr/bin/python3
"""Runs one of the peer benchmarks in ../shared/bench/peers (or PEERS_DIR) and prints the
medians ChunkBench needs as 'key value' lines (the peers print JSON).

Usage: /usr/bin/python3 scripts/bench/peer_medians.py PEERS_DIR seed_batch|big_overlap|label_chunks|voronoi_otsu|deconv_rl [peer args...]
"""
import json
import os
import subprocess
import sys

peers, name, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
proc = subprocess.run(["/usr/bin/python3", os.path.join(peers, name + ".py")] + rest, capture_output=True, text=True)
if proc.returncode not in (0, 1):
    sys.stderr.write(proc.stderr)
    sys.exit(proc.returncode)
out = json.loads(proc.stdout)
if name == "seed_batch":
    for mode, v in out["median_s"].items():
        print("seed_batch.%s %s" % (mode, v))
elif name == "big_overlap":
    for case in out["cases"]:
        for path, v in case.items():
            if isinstance(v, dict) and "median_s" in v:
                print("big_overlap.%s.%s %s" % (case["case"], path, v["median_s"]))
    print("big_overlap.peak_rss_MiB %s" % out.get("peak_rss_MiB"))
elif name == "label_chunks":
    for case in out["cases"]:
        for path, v in case.items():
            if isinstance(v, dict) and "median_s" in v:
                print("label_chunks.conn%s.%s %s" % (case["connectivity"], path, v["median_s"]))
elif name == "voronoi_otsu":
    for case in out["cases"]:
        for stage, v in case["median_wall_s"].items():
            print("voronoi_otsu.%s.%s %s" % (case["case"], stage, v))
        q = case["quality_iou0.5"]["voronoi (watershed const)"]
        print("voronoi_otsu.%s.ap %s" % (case["case"], q["ap"]))
    print("voronoi_otsu.peak_rss_MiB %s" % out.get("peak_rss_MiB"))
elif name == "deconv_rl":
    for case in out["cases"]:
        n = case["size"]
        print("deconv_rl.%d.fft_pair_1thread %s" % (n, case["fft_pair_workers1_median_s"]))
        print("deconv_rl.%d.fft_pair_2threads %s" % (n, case["fft_pair_workers2_median_s"]))
        print("deconv_rl.%d.nrmse_before %s" % (n, case["quality_before"]["nrmse_full"]))
        print("deconv_rl.%d.nrmse_before_interior %s" % (n, case["quality_before"]["nrmse_interior"]))
        for k, r in case["runs"].items():
            print("deconv_rl.%d.%s.median_s %s" % (n, k, r["median_s"]))
            print("deconv_rl.%d.%s.per_iter_s %s" % (n, k, r["per_iter_s"]))
            print("deconv_rl.%d.%s.nrmse %s" % (n, k, r["quality_after"]["nrmse_full"]))
            print("deconv_rl.%d.%s.nrmse_interior %s" % (n, k, r["quality_after"]["nrmse_interior"]))
    print("deconv_rl.peak_rss_MiB %s" % out.get("peak_rss_MiB"))
print("loadavg %s" % json.dumps(out.get("loadavg_start_end")))
