package org.tessera.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.ChunkedImages;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.OmeZarrPyramid;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.TaskMonitor;
import org.tessera.segment.AutoThreshold;
import org.tessera.segment.BlockVoronoiOtsu;


/**
 * Voronoi-Otsu labeling on Apache Spark, with exactly the whole image's
 * labels: the passes of {@link BlockVoronoiOtsu} as Spark jobs over the blocks
 * (the outline blur's range and histogram, reduced on the driver to ImageJ's
 * Otsu level; the seeds, numbered on the driver; the labels, written by the
 * executors as chunks of an OME-Zarr array on a shared file system).
 */
final class SparkVoronoiOtsu {

	private SparkVoronoiOtsu() {
		// static utility
	}

	/** Runs the job into {@code output} (an OME-Zarr folder, created here); returns what was done. */
	static String run(final JavaSparkContext sc, final String input, final Path output, final long[] blockShape,
		final BlockVoronoiOtsu.Job job) throws IOException
	{
		final AxisImg<?> probe = ChunkedImages.open(input, 1);
		final long[] dims = probe.data().dimensionsAsLongArray();
		final BlockVoronoiOtsu passes = job.passes(dims, 1);
		final BlockGrid grid = new BlockGrid(probe.data(), blockShape);
		final long[] halo = job.halo(probe);
		final BlockInput in = new BlockInput(input, blockShape.clone(), (int) Math.min(4096, dims.length > 2 ? blockShape[2] + 2 * halo[2] + 4 : 8));
		final List<Integer> indices = new ArrayList<>();
		for (int i = 0; i < grid.numBlocks(); i++) indices.add(i);
		final JavaRDD<Integer> blocks = sc.parallelize(indices, Math.max(1, Math.min(indices.size(), sc.defaultParallelism() * 4)));
		// 1. ImageJ's Otsu level of the outline blur
		final double[] range = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> img = in.open();
			final BlockGrid g = in.grid(img);
			double[] r = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
			while (it.hasNext()) r = AutoThreshold.mergeRanges(r, passes.outlineRange(BlockInput.real(img), g.block(it.next()).core()));
			return List.of(r).iterator();
		}).reduce(AutoThreshold::mergeRanges);
		final long[] histogram = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> img = in.open();
			final BlockGrid g = in.grid(img);
			final long[] h = new long[256];
			while (it.hasNext()) {
				final long[] b = passes.outlineHistogram(BlockInput.real(img), g.block(it.next()).core(), range);
				for (int i = 0; i < h.length; i++) h[i] += b[i];
			}
			return List.of(h).iterator();
		}).reduce((a, b) -> {
			final long[] h = a.clone();
			for (int i = 0; i < h.length; i++) h[i] += b[i];
			return h;
		});
		final double[] level = passes.level(range, histogram, probe.name());
		// 2. the seeds, numbered over the whole image
		final List<long[]> seedPixels = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> img = in.open();
			final BlockGrid g = in.grid(img);
			final List<long[]> out = new ArrayList<>();
			while (it.hasNext()) out.add(passes.seeds(BlockInput.real(img), g.block(it.next()).core(), level));
			return out.iterator();
		}).collect();
		final BlockVoronoiOtsu.Seeds seeds = BlockVoronoiOtsu.Seeds.of(seedPixels.toArray(long[][]::new), dims);
		final Broadcast<BlockVoronoiOtsu.Seeds> shared = sc.broadcast(seeds);
		// 3. the labels, chunk by chunk
		final ZarrArray z = ChunkedImages.createOmeZarr(output, probe, blockShape, ChunkedImages.dtype(job.resultType(null)));
		final String array = z.dir().toAbsolutePath().toString();
		final List<int[]> counts = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> img = in.open();
			final BlockGrid g = in.grid(img);
			final FloatBlockSink sink = ZarrImages.sink(ZarrArray.open(Path.of(array)));
			int processed = 0, skipped = 0;
			while (it.hasNext()) {
				final var block = g.block(it.next());
				if (sink.isDone(block)) skipped++;
				else {
					sink.write(block, BlockVoronoiOtsu.rows(passes.labels(BlockInput.real(img), block.core(), level, shared.value()), block.core()), 0);
					processed++;
				}
			}
			return List.of(new int[] { processed, skipped }).iterator();
		}).collect();
		int processed = 0, skipped = 0;
		for (final int[] c : counts) {
			processed += c[0];
			skipped += c[1];
		}
		final int levels = OmeZarrPyramid.write(output, probe.name(), probe.axes(), true, 0, TaskMonitor.NONE);
		final BlockProcessor.Summary s = new BlockProcessor.Summary(grid.numBlocks(), processed, skipped);
		return seeds.count() + " nuclei, Otsu level " + level[0] + "; " + s.processed() + " blocks written, " + s.skipped() +
			" kept from an earlier run (" + levels + " resolution levels)";
	}

}
