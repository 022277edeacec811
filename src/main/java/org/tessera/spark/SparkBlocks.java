package org.tessera.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.ChunkedImages;
import org.tessera.chunk.FloatBlockFunction;
import org.tessera.chunk.OmeZarrPyramid;
import org.tessera.chunk.Padding;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.TaskMonitor;
import org.tessera.op.Execution;
import org.tessera.op.ImageOp;

/**
 * Block jobs on Apache Spark: the blocks of an input that every executor can
 * open by path (a folder of TIFF planes, a Zarr array, a TIFF) are shared out
 * as tasks; each executor reads its blocks with their halos, computes them with
 * a serializable {@link FloatBlockFunction} and writes them as chunks of an
 * OME-Zarr array on a shared file system. The result is the same as the local
 * {@link BlockProcessor}'s, and chunks already written are skipped (resume).
 */
public final class SparkBlocks {

	private SparkBlocks() {
		// static utility
	}

	/** What each task needs, all serializable. */
	private record Job(String input, String outputArray, long[] blockShape, long[] halo, Padding padding, FloatBlockFunction function,
		int cache) implements Serializable {}

	/**
	 * Runs the job. The driver writes the Zarr metadata; the executors write the chunks.
	 *
	 * @param input path of the input, readable from every executor
	 * @param output the OME-Zarr folder to write ({@code <output>/0} holds the array)
	 * @param blockShape block (= chunk) size per axis
	 * @param function the work on one block; must be serializable
	 */
	public static BlockProcessor.Summary run(final JavaSparkContext sc, final String input, final Path output, final long[] blockShape,
		final long[] halo, final Padding padding, final FloatBlockFunction function) throws IOException
	{
		return run(sc, input, output, blockShape, halo, padding, function, ChunkedImages.dtype(ChunkedImages.open(input, 1).data().getType()));
	}

	private static BlockProcessor.Summary run(final JavaSparkContext sc, final String input, final Path output, final long[] blockShape,
		final long[] halo, final Padding padding, final FloatBlockFunction function, final ZarrArray.DType dtype) throws IOException
	{
		if (!(function instanceof Serializable)) throw new IllegalArgumentException("the block function must be serializable for Spark");
		final AxisImg<?> in = ChunkedImages.open(input, 1);
		final BlockGrid grid = new BlockGrid(in.data(), blockShape);
		final ZarrArray z = ChunkedImages.createOmeZarr(output, in, blockShape, dtype);
		final long depth = blockShape.length > 2 ? blockShape[2] + 2 * halo[2] : 1;
		final Job job = new Job(input, z.dir().toAbsolutePath().toString(), blockShape.clone(), halo.clone(), padding, function, (int) Math.min(
			4096, depth + 4));
		final List<Integer> indices = new ArrayList<>();
		// the chunks an earlier run left: what the summary calls kept (a task that Spark runs again within this job
		// skips the chunks of its failed attempt, which are this run's work, not an earlier run's)
		int kept = 0;
		for (int i = 0; i < grid.numBlocks(); i++) {
			indices.add(i);
			if (z.hasChunk(grid.block(i).gridPosition())) kept++;
		}
		final int slices = Math.max(1, Math.min(indices.size(), sc.defaultParallelism() * 4));
		sc.parallelize(indices, slices).mapPartitions((Iterator<Integer> it) -> List.of(runPartition(job, it)).iterator()).collect();
		return new BlockProcessor.Summary(grid.numBlocks(), grid.numBlocks() - kept, kept);
	}

	/**
	 * Runs an operation on Spark: its CPU kernel on every block, with the halo
	 * and padding the operation asks for; the result equals {@code Execution.blocks}'s.
	 */
	public static BlockProcessor.Summary run(final JavaSparkContext sc, final String input, final Path output, final long[] blockShape,
		final ImageOp op) throws IOException
	{
		final AxisImg<?> probe = ChunkedImages.open(input, 1);
		final BlockProcessor.Summary summary = run(sc, input, output, blockShape, Execution.halo(op, probe), op.padding(), Execution
			.blockFunction(op), ChunkedImages.dtype(Execution.resultType(op, probe.data().getType())));
		// the lower resolution levels, on the driver, from the finished array
		OmeZarrPyramid.write(output, probe.name(), probe.axes(), op.categorical(), 0, TaskMonitor.NONE);
		return summary;
	}

	/** Executor side: opens the input and the output once, then does its blocks. */
	private static int[] runPartition(final Job job, final Iterator<Integer> blocks) {
		if (!blocks.hasNext()) return new int[2];
		try {
			final AxisImg<?> in = ChunkedImages.open(job.input(), job.cache());
			final ZarrArray z = ZarrArray.open(Path.of(job.outputArray()));
			final BlockGrid grid = new BlockGrid(in.data(), job.blockShape());
			final BlockProcessor p = new BlockProcessor(job.blockShape(), job.halo(), job.padding(), 1);
			final var sink = ZarrImages.sink(z);
			int processed = 0, skipped = 0;
			while (blocks.hasNext()) {
				if (p.processBlock(real(in), grid.block(blocks.next()), sink, job.function())) processed++;
				else skipped++;
			}
			return new int[] { processed, skipped };
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static net.imglib2.RandomAccessibleInterval real(final AxisImg<?> in) {
		return in.data();
	}
}
