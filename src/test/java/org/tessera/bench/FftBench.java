package org.tessera.bench;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.jtransforms.fft.FloatFFT_3D;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuDevices;
import org.tessera.gpu.GpuFft;
import org.visnow.jlargearrays.ConcurrencyUtils;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * Times one forward and one inverse complex FFT of a cube (default 256³) with
 * {@link GpuFft} on the default OpenCL device (data already on the device, and
 * with the transfers) and with JTransforms' {@code FloatFFT_3D} on all cores,
 * and reports how far the two results differ. Medians after a warm-up. Run with
 * {@code scripts/bench/fft [size] [repeats]}.
 */
public final class FftBench {

	private FftBench() {
	}

	private static double median(final int repeats, final Runnable r) {
		r.run(); // warm-up
		final double[] t = new double[repeats];
		for (int i = 0; i < repeats; i++) {
			final long t0 = System.nanoTime();
			r.run();
			t[i] = (System.nanoTime() - t0) / 1e9;
		}
		Arrays.sort(t);
		return t[repeats / 2];
	}

	public static void main(final String[] args) {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		final int cores = Runtime.getRuntime().availableProcessors();
		final long count = (long) n * n * n;
		final float[] x = new float[(int) (2 * count)];
		final Random random = new Random(1);
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();

		ConcurrencyUtils.setNumberOfThreads(cores);
		final FloatFFT_3D cpuFft = new FloatFFT_3D(n, n, n);
		final float[] cpu = x.clone();
		final double cpuSeconds = median(repeats, () -> {
			cpuFft.complexForward(cpu);
			cpuFft.complexInverse(cpu, true);
		});

		final GpuDevice device = GpuDevices.get("");
		final double[] deviceSeconds = new double[1];
		device.run(clij2 -> {
			try (GpuFft.Plan plan = GpuFft.plan(device, clij2, n, n, n); ClearCLBuffer data = clij2.create(new long[] { 2 * count },
				NativeTypeEnum.Float))
			{
				data.readFrom(FloatBuffer.wrap(x), true);
				deviceSeconds[0] = median(repeats, () -> {
					plan.forward(data);
					plan.inverse(data);
				});
			}
			return null;
		});
		final double hostSeconds = median(repeats, () -> GpuFft.inverse(device, GpuFft.forward(device, x, n, n, n), n, n, n));

		// accuracy of one forward transform against JTransforms
		final float[] expected = x.clone();
		cpuFft.complexForward(expected);
		final float[] actual = GpuFft.forward(device, x, n, n, n);
		double maxDiff = 0, maxAbs = 0;
		for (int i = 0; i < actual.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
			maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
		}

		System.out.printf(Locale.ROOT, "complex FFT %d^3, forward + inverse, median of %d; %d cores; OpenCL device: %s%n", n, repeats, cores,
			device.name());
		System.out.printf(Locale.ROOT, "| JTransforms, %d threads | OpenCL, on the device | OpenCL, with transfers | JTransforms / OpenCL |%n",
			cores);
		System.out.println("|---|---|---|---|");
		System.out.printf(Locale.ROOT, "| %.3f s | %.3f s | %.3f s | %.2fx |%n", cpuSeconds, deviceSeconds[0], hostSeconds, cpuSeconds /
			deviceSeconds[0]);
		System.out.printf(Locale.ROOT, "forward, max|OpenCL - JTransforms| / max|value| = %.3g%n", maxDiff / maxAbs);
		GpuDevices.closeAll();
		System.exit(0);
	}
}
