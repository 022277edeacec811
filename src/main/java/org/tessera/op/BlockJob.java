package org.tessera.op;

import java.io.IOException;

import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.core.AxisImg;

import net.imglib2.type.NativeType;

/**
 * Work that writes an image block by block, so that the routes for files of
 * any size (the command line's {@code execution=chunked}, Spark) run it: one
 * {@link ImageOp} ({@link #of}), whose blocks need only their halo, or an
 * analysis of the whole image in passes over the blocks, such as Voronoi-Otsu
 * labeling, whose blocks need what earlier passes learnt of the whole image.
 */
public interface BlockJob {

	/** A short name for messages and the job record. */
	String name();

	/** The job's parameters in a stable form: equal bytes for the same job, so that a stopped run resumes only its own output. */
	byte[] identity();

	/** The pixel type of the result for an input of {@code inputType}. */
	NativeType<?> resultType(Object inputType);

	/** Whether the result holds classes or labels (lower resolution levels then pick pixels, not averages). */
	boolean categorical();

	/** The block shape the job uses for a requested one (rounded up to what it needs). */
	long[] blockShape(long[] requested);

	/** How far around a block, along x, y, z, the job usually reads (for sizing caches), for the axes of {@code image}. */
	long[] halo(AxisImg<?> image);

	/**
	 * Runs the job on the blocks of {@code blockShape} (null: the job's choice),
	 * each block's result going to {@code sink}; blocks the sink holds from an
	 * earlier run are skipped.
	 */
	Outcome run(AxisImg<?> input, FloatBlockSink sink, long[] blockShape, Execution execution) throws IOException;

	/**
	 * What a run did: its blocks, and what it found in words for the summary
	 * (such as "1545 nuclei"; empty for operations).
	 */
	record Outcome(BlockProcessor.Summary blocks, String findings) {}

	/** One operation as a block job: each block computed from its halo, through {@link Execution#blocks}. */
	static BlockJob of(final ImageOp op) {
		return new BlockJob() {

			@Override
			public String name() {
				return op.name();
			}

			@Override
			public byte[] identity() {
				return Execution.bytes(op);
			}

			@Override
			public NativeType<?> resultType(final Object inputType) {
				return Execution.resultType(op, inputType);
			}

			@Override
			public boolean categorical() {
				return op.categorical();
			}

			@Override
			public long[] blockShape(final long[] requested) {
				return Execution.aligned(op, requested);
			}

			@Override
			public long[] halo(final AxisImg<?> image) {
				return Execution.halo(op, image);
			}

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public Outcome run(final AxisImg<?> input, final FloatBlockSink sink, final long[] blockShape, final Execution execution) {
				return new Outcome(execution.blocks(op, (AxisImg) input, sink, blockShape), "");
			}
		};
	}
}
