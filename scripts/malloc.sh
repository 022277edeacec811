# Sourced by Tessera's launchers. PyTorch (network training and TorchScript models) allocates
# and frees tensors of megabytes at every step. In the JVM, glibc serves each of them with a
# fresh mmap and returns it at once, so every step pays its page faults again: a U-Net training
# step took 1.4-2x as long as with these thresholds, at about 7 % more peak memory (see
# docs/training-unet.md). A GLIBC_TUNABLES the user set is kept.
if [ "$(uname -s)" = "Linux" ] && [ -z "${GLIBC_TUNABLES:-}" ]; then
	export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296"
fi
