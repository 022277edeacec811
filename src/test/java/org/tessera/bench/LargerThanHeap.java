package org.tessera.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.tessera.batch.FolderBatch;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.LazyTiffs;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;

import net.imglib2.type.numeric.real.FloatType;

/**
 * A chunked Gaussian of a folder of TIFF planes, read lazily, into an OME-Zarr
 * array: the whole job with the Java heap smaller than the image. Prints the
 * input size, the heap limit, the peak heap use and the peak resident memory.
 * <pre>
 * java -Xmx48m -cp ... org.tessera.bench.LargerThanHeap IN_DIR OUT.zarr SIGMA BLOCK THREADS
 * </pre>
 * BLOCK is "x,y,z"; the plane cache holds threads × (block depth + 2 × halo) planes.
 */
public final class LargerThanHeap {

	private LargerThanHeap() {
	}

	public static void main(final String[] args) throws IOException {
		final Path in = Path.of(args[0]), out = Path.of(args[1]);
		final double sigma = Double.parseDouble(args[2]);
		final long[] block = BlockGrid.parseShape(args[3], 3);
		final int threads = Integer.parseInt(args[4]);
		final List<Path> files = FolderBatch.resolveInputs(in.toString());
		long bytes = 0;
		for (final Path f : files) bytes += Files.size(f);
		final long halo = org.tessera.filter.GaussianKernel.radius(sigma, 4);
		final int cache = (int) (threads * (block[2] + 2 * halo) + 2);
		// the peak of the heap in use, sampled every 5 ms
		final long[] peak = { 0 };
		final Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peak[0] = Math.max(peak[0], ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
				try {
					Thread.sleep(5);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		final long t0 = System.nanoTime();
		final var lazy = LazyTiffs.<FloatType> stack(files, cache);
		final int[] chunks = { (int) block[0], (int) block[1], (int) block[2] };
		final ZarrArray zarr = ZarrArray.create(out.resolve("0"), lazy.dimensionsAsLongArray(), chunks, ZarrArray.DType.F32, false);
		org.tessera.chunk.OmeZarrPyramid.writeGroup(out, "blurred", java.util.List.of(org.tessera.core.Axis.of(AxisType.X), org.tessera.core.Axis
			.of(AxisType.Y), org.tessera.core.Axis.of(AxisType.Z)), 1, null);
		final var summary = new GaussianBlur(new double[] { sigma }, Boundary.REFLECT, 4, null, threads).applyChunked(AxisImg.of("in", lazy,
			AxisType.X, AxisType.Y, AxisType.Z), ZarrImages.sink(zarr), block, TaskMonitor.NONE);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		sampler.interrupt();
		final long peakHeap = peak[0];
		System.out.printf(Locale.ROOT, "input_MiB=%.1f%nmax_heap_MiB=%.1f%npeak_heap_MiB=%.1f%npeak_rss_MiB=%.1f%nblocks=%d%nseconds=%.2f%n",
			bytes / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, peakHeap / 1048576.0, vmHwm() / 1024.0, summary.processed(),
			seconds);
	}

	/** Peak resident set size in KiB (Linux), or -1. */
	private static long vmHwm() {
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return -1;
	}
}
