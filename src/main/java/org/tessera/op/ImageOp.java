package org.tessera.op;

import java.io.Serializable;

import org.tessera.chunk.Padding;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;

import net.imglib2.parallel.TaskExecutor;

/**
 * One image operation on spatial volumes (x, y and z; 1 along absent axes), with
 * its parameters bound: a CPU kernel on rows of floats, optionally an OpenCL
 * kernel on {@link DeviceImage}s, and what an executor needs to place it: how far
 * it reads around a pixel ({@link #halo()}), how it extends the image past its
 * edges, and how many volume-sized buffers it holds on a device.
 * <p>
 * {@link Execution} runs any operation whole, in device tiles, block by block
 * into a sink (chunked) or, through its serializable form, on Spark, on the CPU
 * or an OpenCL device, with the same result every way. Operations combine:
 * {@link #andThen} applies one to the result of another, {@link #minus}
 * subtracts two results (difference of Gaussians, top-hat).
 * <p>
 * Implementations are immutable and serializable (usually records).
 */
public interface ImageOp extends Serializable {

	/** A short name for messages ("gaussian", "median"...). */
	String name();

	/** How far, in pixels along x, y and z, a result pixel depends on the input: a block with this halo has an exact core. */
	long[] halo();

	/** How the operation continues the image past its edges; blocks are padded to match ({@link #padding()}). */
	Boundary boundary();

	/**
	 * How blocks and device tiles are filled past the image: not at all (the
	 * kernels handle the image's own edges, which a block at the edge shares), or
	 * wrapped around for periodic operations, whose kernels could not see the
	 * far side.
	 */
	default Padding padding() {
		return boundary() == Boundary.WRAP ? Padding.WRAP : Padding.NONE;
	}

	/**
	 * What block cores must start at multiples of, along x, y and z (1: anywhere):
	 * operations whose result depends on a pixel's position modulo some step (a
	 * U-Net's pooling) ask for it, and executors round block shapes up to
	 * multiples of it ({@link Execution#aligned}).
	 */
	default long[] alignment() {
		return new long[] { 1, 1, 1 };
	}

	/** The pixel type of an operation's result. */
	enum Result {
		/** The input's type (a blur, a rank filter). */
		INPUT,
		/** 32-bit float whatever the input's type (a difference can be negative). */
		FLOAT,
		/** 8-bit (a mask of 0 and 255). */
		BYTE
	}

	/** The pixel type of the result; see {@link Execution#resultType}. */
	default Result result() {
		return Result.INPUT;
	}

	/**
	 * Whether the result is classes, labels or a mask rather than intensities:
	 * pyramids of it take a pixel's value instead of a mean, so that no class is
	 * made up.
	 */
	default boolean categorical() {
		return false;
	}

	/**
	 * The CPU kernel on one volume.
	 *
	 * @param rows the volume as rows {@code rows[y + ny·z]} of length nx; the kernel may overwrite them
	 * @param dims {nx, ny, nz}
	 * @param executor threads the kernel may use
	 * @param monitor progress and cancellation
	 * @return the result in the same layout (new rows or the input's)
	 */
	float[][] cpu(float[][] rows, int[] dims, TaskExecutor executor, TaskMonitor monitor);

	/**
	 * Only the core's rows of the CPU result, {@code result[(y - y0) + cny·(z - z0)]},
	 * for blocks whose halo rows need not be computed; by default picked out of {@link #cpu}.
	 */
	default float[][] cpuCore(final float[][] rows, final int[] dims, final int y0, final int cny, final int z0, final int cnz,
		final TaskExecutor executor)
	{
		final float[][] all = cpu(rows, dims, executor, TaskMonitor.NONE);
		if (y0 == 0 && z0 == 0 && cny == dims[1] && cnz == dims[2]) return all;
		final float[][] core = new float[cny * cnz][];
		for (int z = 0; z < cnz; z++)
			for (int y = 0; y < cny; y++) core[y + cny * z] = all[y0 + y + dims[1] * (z0 + z)];
		return core;
	}

	/** Whether there is an OpenCL kernel ({@link #gpu}). */
	default boolean hasGpu() {
		return false;
	}

	/**
	 * The OpenCL kernel: the result of the operation on {@code in}, as a device
	 * image of the same size made by {@code scope} (or {@code in} itself when the
	 * operation changes nothing). {@code in} is never written.
	 */
	default DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		throw new UnsupportedOperationException(name() + " has no OpenCL kernel");
	}

	/** How many volume-sized float buffers the OpenCL kernel holds at once, its input included. */
	default int deviceBuffers() {
		return 2;
	}

	/** This operation, then {@code next} on its result. */
	default ImageOp andThen(final ImageOp next) {
		return new Chain(this, next);
	}

	/** This operation's result minus {@code other}'s, both on the same input, in 32-bit float. */
	default ImageOp minus(final ImageOp other) {
		return new Difference(this, other);
	}

	/** The operation that returns its input. */
	static ImageOp identity() {
		return Identity.INSTANCE;
	}
}
