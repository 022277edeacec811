package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * Work on one OpenCL device with the device's lock held: it makes
 * {@link DeviceImage}s, moves pixels to and from them, launches kernels, and
 * frees everything it made when it closes, so that steps of a pipeline keep
 * their intermediates on the device without leaking them.
 * <pre>
 * float[] result = GpuScope.run(device, scope -&gt; {
 *     DeviceImage in = scope.upload(pixels, nx, ny, nz);
 *     DeviceImage out = scope.create(nx, ny, nz);
 *     scope.kernel(MyOp.class, "my.cl", "my_kernel").arg("src", in).arg("dst", out).arg("nx", nx).run(nx, ny, nz);
 *     return scope.download(out);
 * });
 * </pre>
 */
public final class GpuScope implements AutoCloseable {

	private final GpuDevice device;
	private final CLIJ2 clij2;
	private final List<AutoCloseable> owned = new ArrayList<>();

	private GpuScope(final GpuDevice device, final CLIJ2 clij2) {
		this.device = device;
		this.clij2 = clij2;
	}

	/** Runs work in a scope on {@code device}: the device is locked meanwhile, and what the scope made is freed afterwards. */
	public static <R> R run(final GpuDevice device, final Function<GpuScope, R> work) {
		return device.run(clij2 -> {
			try (GpuScope scope = new GpuScope(device, clij2)) {
				return work.apply(scope);
			}
		});
	}

	/** The device this scope works on. */
	public GpuDevice device() {
		return device;
	}

	/** CLIJ2 on this device, for its own operations on {@link DeviceImage#buffer()}s. */
	public CLIJ2 clij2() {
		return clij2;
	}

	/**
	 * A new float image on the device, its contents undefined.
	 *
	 * @throws IllegalArgumentException if it is larger than the largest buffer the device can allocate
	 */
	public DeviceImage create(final int nx, final int ny, final int nz) {
		final long bytes = 4L * nx * ny * nz;
		if (bytes > device.maxAllocationBytes())
			throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz + " float volume (" + (bytes >> 20) +
				" MiB) is larger than the largest buffer OpenCL device " + device.name() + " can allocate (" + (device.maxAllocationBytes() >> 20) +
				" MiB); use device=CPU");
		final DeviceImage img = new DeviceImage(clij2.create(new long[] { nx, ny, nz }, NativeTypeEnum.Float), nx, ny, nz);
		owned.add(img);
		return img;
	}

	/** A new device image holding {@code data} (x fastest). */
	public DeviceImage upload(final float[] data, final int nx, final int ny, final int nz) {
		if (data.length != (long) nx * ny * nz)
			throw new IllegalArgumentException(data.length + " values do not make a " + nx + "x" + ny + "x" + nz + " volume");
		final DeviceImage img = create(nx, ny, nz);
		img.buffer().readFrom(FloatBuffer.wrap(data), true);
		return img;
	}

	/** The pixels of a device image (x fastest). */
	public float[] download(final DeviceImage img) {
		final float[] data = new float[Math.toIntExact(img.size())];
		img.buffer().writeTo(FloatBuffer.wrap(data), true);
		return data;
	}

	/** A buffer of {@code n} values of a type (bytes for masks, ints for labels), its contents undefined, freed with the scope. */
	public ClearCLBuffer buffer(final long n, final NativeTypeEnum type) {
		final ClearCLBuffer b = clij2.create(new long[] { n }, type);
		owned.add(b);
		return b;
	}

	/** A byte buffer holding {@code values}, freed with the scope. */
	public ClearCLBuffer bytes(final byte[] values) {
		final ClearCLBuffer b = buffer(values.length, NativeTypeEnum.UnsignedByte);
		b.readFrom(java.nio.ByteBuffer.wrap(values), true);
		return b;
	}

	/** A small constant buffer of floats (kernel weights, say), freed with the scope. */
	public ClearCLBuffer floats(final float[] values) {
		final ClearCLBuffer b = clij2.create(new long[] { values.length }, NativeTypeEnum.Float);
		owned.add(b);
		b.readFrom(FloatBuffer.wrap(values), true);
		return b;
	}

	/** A small constant buffer of ints (offsets, say), freed with the scope. */
	public ClearCLBuffer ints(final int[] values) {
		final ClearCLBuffer b = clij2.create(new long[] { values.length }, NativeTypeEnum.Int);
		owned.add(b);
		b.readFrom(IntBuffer.wrap(values), true);
		return b;
	}

	/** A kernel from an OpenCL source file next to {@code anchor}, built without fast math and without defines. */
	public KernelLaunch kernel(final Class<?> anchor, final String file, final String name) {
		return KernelLaunch.of(device, anchor, file, name);
	}

	/** A kernel built with preprocessor defines (once per set of defines, then cached by the device). */
	public KernelLaunch kernel(final Class<?> anchor, final String file, final String name, final Map<String, Object> defines) {
		return KernelLaunch.of(device, anchor, file, name, defines);
	}

	@Override
	public void close() {
		RuntimeException first = null;
		for (int i = owned.size() - 1; i >= 0; i--) {
			try {
				owned.get(i).close();
			}
			catch (final Exception e) {
				if (first == null) first = new IllegalStateException("freeing device memory failed: " + e.getMessage(), e);
			}
		}
		owned.clear();
		if (first != null) throw first;
	}
}
