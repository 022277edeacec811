package org.tessera.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.tessera.chunk.Block;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.ChunkedImages;
import org.tessera.core.AxisImg;
import org.tessera.core.Volumes;
import org.tessera.gpu.DeviceChoice;
import org.tessera.segment.LabelStatistics;

/**
 * Label statistics on Apache Spark, with the table of
 * {@link LabelStatistics#measureBlocks} (integer sums, so the same to the last
 * digit): the executors scan their blocks (labels, count, magnitude), the
 * driver fixes the sums' exponent, the executors sum their blocks' labels, and
 * the driver merges the sums into the table.
 */
final class SparkLabelStatistics {

	private SparkLabelStatistics() {
		// static utility
	}

	/** The table of the intensities of {@code input} in the labels of {@code labels}, both readable from every executor. */
	static LabelStatistics.Table run(final JavaSparkContext sc, final String input, final String labels, final long[] blockShape)
		throws IOException
	{
		final AxisImg<?> probe = ChunkedImages.open(input, 1), labelProbe = ChunkedImages.open(labels, 1);
		final long[] dims = probe.data().dimensionsAsLongArray();
		if (!java.util.Arrays.equals(dims, labelProbe.data().dimensionsAsLongArray())) throw new IllegalArgumentException("input '" + probe
			.name() + "' and labels '" + labelProbe.name() + "' differ in size; they must have the same size");
		final int cache = (int) Math.min(4096, dims.length > 2 ? blockShape[2] + 4 : 8);
		final BlockInput in = new BlockInput(input, blockShape.clone(), cache), lb = new BlockInput(labels, blockShape.clone(), cache);
		final BlockGrid grid = new BlockGrid(probe.data(), blockShape);
		final List<Integer> indices = new ArrayList<>();
		for (int i = 0; i < grid.numBlocks(); i++) indices.add(i);
		final JavaRDD<Integer> blocks = sc.parallelize(indices, Math.max(1, Math.min(indices.size(), sc.defaultParallelism() * 4)));
		final LabelStatistics.Scan whole = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> a = in.open(), l = lb.open();
			final BlockGrid g = in.grid(a);
			LabelStatistics.Scan s = LabelStatistics.Scan.NONE;
			while (it.hasNext()) s = s.merge(scan(g.block(it.next()), a, l));
			return List.of(s).iterator();
		}).reduce(LabelStatistics.Scan::merge);
		final int exponent = whole.exponent();
		final LabelStatistics.Sums total = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> a = in.open(), l = lb.open();
			final BlockGrid g = in.grid(a);
			LabelStatistics.Sums s = null;
			while (it.hasNext()) {
				final LabelStatistics.Sums b = sum(g.block(it.next()), a, l, exponent);
				s = s == null ? b : LabelStatistics.Sums.merged(s, b);
			}
			return s == null ? java.util.Collections.<LabelStatistics.Sums> emptyIterator() : List.of(s).iterator();
		}).reduce(LabelStatistics.Sums::merged);
		return LabelStatistics.table(total, whole, Volumes.shape(probe)[2] > 1);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static LabelStatistics.Scan scan(final Block b, final AxisImg a, final AxisImg l) {
		return new LabelStatistics(DeviceChoice.CPU, 1).scanBlock(b, a, l);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static LabelStatistics.Sums sum(final Block b, final AxisImg a, final AxisImg l, final int exponent) {
		return new LabelStatistics(DeviceChoice.CPU, 1).sumBlock(b, a, l, exponent);
	}
}
