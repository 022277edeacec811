package org.tessera.gpu;


import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * Pointwise operations on device buffers of complex floats (interleaved re,
 * im), the steps between the transforms of FFT-based deconvolution (kernels in
 * complex.cl). Call them inside {@link GpuDevice#run} on buffers you own; they
 * work on the first {@code n} complex values (or floats, for real buffers).
 * The products are rounded exactly as Java's float arithmetic rounds
 * {@code ar * br - ai * bi} and {@code ar * bi + ai * br}.
 */
public final class GpuComplex {

	private GpuComplex() {
		// static utility
	}

	/** {@code a[i] *= b[i]} for the first {@code n} complex values. */
	public static void multiply(final GpuDevice device, final ClearCLBuffer a, final ClearCLBuffer b, final long n) {
		run(device, "multiply", "a", a, 2 * n, "b", b, 2 * n, n);
	}

	/** {@code a[i] *= conj(b[i])} for the first {@code n} complex values (correlation with b). */
	public static void multiplyConjugate(final GpuDevice device, final ClearCLBuffer a, final ClearCLBuffer b, final long n) {
		run(device, "multiply_conjugate", "a", a, 2 * n, "b", b, 2 * n, n);
	}

	/** {@code complex[i] = (real[i], 0)} for the first {@code n} values. */
	public static void toComplex(final GpuDevice device, final ClearCLBuffer real, final ClearCLBuffer complex, final long n) {
		run(device, "real_to_complex", "real", real, n, "complex", complex, 2 * n, n);
	}

	/** {@code real[i] = re(complex[i])} for the first {@code n} values. */
	public static void toReal(final GpuDevice device, final ClearCLBuffer complex, final ClearCLBuffer real, final long n) {
		run(device, "complex_to_real", "complex", complex, 2 * n, "real", real, n, n);
	}

	private static void run(final GpuDevice device, final String kernelName, final String first, final ClearCLBuffer a, final long aFloats,
		final String second, final ClearCLBuffer b, final long bFloats, final long n)
	{
		if (n < 0) throw new IllegalArgumentException(kernelName + ": negative length " + n);
		checkFloats(kernelName, first, a, aFloats);
		checkFloats(kernelName, second, b, bFloats);
		if (n == 0) return;
		KernelLaunch.of(device, GpuComplex.class, "complex.cl", kernelName).arg(first, a).arg(second, b).arg("n", n).run(n);
	}

	private static void checkFloats(final String op, final String name, final ClearCLBuffer buffer, final long floats) {
		if (buffer.getNativeType() != NativeTypeEnum.Float) throw new IllegalArgumentException(op + ": buffer " + name + " holds " + buffer
			.getNativeType() + ", not Float");
		if (buffer.getSizeInBytes() < 4 * floats) throw new IllegalArgumentException(op + ": buffer " + name + " has " + buffer
			.getSizeInBytes() / 4 + " floats, needs " + floats);
	}
}
