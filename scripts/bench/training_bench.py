"""What the training benchmarks (unet_compare, unet_vs_pixel, stardist_compare, stardist_finetune)
share: the Tessera launcher, linking dataset images into a user's training folders, running a
whole process from the shell, and the JVM's thread count."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import BRIGHTFIELD, ROOT  # noqa: E402

TESSERA = os.path.join(ROOT, "scripts", "tessera")


def link(names, folder, dataset=BRIGHTFIELD):
    """folder/images and folder/labels: links to the named images of a dataset and their masks."""
    for sub, src in (("images", "images"), ("labels", "masks")):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
        for n in names:
            dst = os.path.join(folder, sub, n + ".tif")
            if not os.path.exists(dst):
                os.symlink(os.path.join(dataset, src, n + ".tif"), dst)


def run(cmd, env=None):
    """Runs a whole process; gives its wall-clock seconds, or stops with its stderr's end when it fails."""
    t0 = time.time()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return time.time() - t0


def jvm_threads(threads):
    """The environment in which `tessera` runs PyTorch on this many threads."""
    return dict(os.environ, TESSERA_JAVA_OPTS=(os.environ.get("TESSERA_JAVA_OPTS", "") + f" -Dai.djl.pytorch.num_threads={threads}"))
