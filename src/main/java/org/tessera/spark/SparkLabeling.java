package org.tessera.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.tessera.chunk.Block;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.ChunkedImages;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.OmeZarrPyramid;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.TaskMonitor;
import org.tessera.segment.ChunkedLabeling;
import org.tessera.segment.RunLabeling;

/**
 * Connected-component labeling on Apache Spark, with the labels of
 * {@link ChunkedLabeling} on the same blocks: the executors label their blocks
 * and send back only the labels on the blocks' faces; the driver joins labels
 * that touch across faces; the executors label their blocks again and write
 * the final labels as chunks of an OME-Zarr array.
 */
final class SparkLabeling {

	private SparkLabeling() {
		// static utility
	}

	/** Runs the labeling into {@code output} (an OME-Zarr folder, created here); returns what was done. */
	static String run(final JavaSparkContext sc, final String input, final Path output, final long[] blockShape,
		final ChunkedLabeling.Job job) throws IOException
	{
		final AxisImg<?> probe = ChunkedImages.open(input, 1);
		final long[] dims = probe.data().dimensionsAsLongArray();
		if (dims.length > 3) throw new IllegalArgumentException("labeling needs a 2D or 3D image; '" + probe.name() + "' has " + probe
			.axesLabel());
		final ChunkedLabeling labeling = new ChunkedLabeling(blockShape, job.connectivity(), 1);
		final BlockGrid grid = new BlockGrid(probe.data(), blockShape);
		final BlockInput in = new BlockInput(input, blockShape.clone(), (int) Math.min(4096, dims.length > 2 ? blockShape[2] + 4 : 8));
		final List<Integer> indices = new ArrayList<>();
		for (int i = 0; i < grid.numBlocks(); i++) indices.add(i);
		final JavaRDD<Integer> blocks = sc.parallelize(indices, Math.max(1, Math.min(indices.size(), sc.defaultParallelism() * 4)));
		// 1. each block's faces
		final List<Object[]> faceList = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> img = in.open();
			final BlockGrid g = in.grid(img);
			final List<Object[]> out = new ArrayList<>();
			while (it.hasNext()) {
				final Block b = g.block(it.next());
				out.add(new Object[] { b.index(), ChunkedLabeling.Faces.of(labeling.labelBlock(BlockInput.real(img), b), b) });
			}
			return out.iterator();
		}).collect();
		final ChunkedLabeling.Faces[] faces = new ChunkedLabeling.Faces[grid.numBlocks()];
		for (final Object[] f : faceList) faces[(Integer) f[0]] = (ChunkedLabeling.Faces) f[1];
		final int[] counts = new int[faces.length];
		for (int b = 0; b < counts.length; b++) counts[b] = faces[b].count();
		// 2. joined on the driver
		final ChunkedLabeling.Joined joined = labeling.join(grid, probe.data(), counts, (b, within) -> faces[b].at(within));
		if (joined.count() > 1 << 24) throw new IllegalArgumentException(joined.count() +
			" objects are more than the 2^24 labels that the outputs hold exactly");
		final Broadcast<ChunkedLabeling.Joined> shared = sc.broadcast(joined);
		// 3. the final labels, chunk by chunk
		final ZarrArray z = ChunkedImages.createOmeZarr(output, probe, blockShape, ChunkedImages.dtype(job.resultType(null)));
		final String array = z.dir().toAbsolutePath().toString();
		final List<int[]> written = blocks.mapPartitions((Iterator<Integer> it) -> {
			final AxisImg<?> img = in.open();
			final BlockGrid g = in.grid(img);
			final FloatBlockSink sink = ZarrImages.sink(ZarrArray.open(Path.of(array)));
			int processed = 0, skipped = 0;
			while (it.hasNext()) {
				final Block b = g.block(it.next());
				if (sink.isDone(b)) {
					skipped++;
					continue;
				}
				final RunLabeling runs = labeling.labelBlock(BlockInput.real(img), b);
				final int[][] rows = shared.value().rows(runs, b);
				final float[][] f = new float[rows.length][];
				for (int r = 0; r < rows.length; r++) {
					f[r] = new float[rows[r].length];
					for (int x = 0; x < f[r].length; x++) f[r][x] = rows[r][x];
				}
				sink.write(b, f, 0);
				processed++;
			}
			return List.of(new int[] { processed, skipped }).iterator();
		}).collect();
		int processed = 0, skipped = 0;
		for (final int[] c : written) {
			processed += c[0];
			skipped += c[1];
		}
		final int levels = OmeZarrPyramid.write(output, probe.name(), probe.axes(), true, 0, TaskMonitor.NONE);
		return joined.count() + " objects; " + processed + " blocks written, " + skipped + " kept from an earlier run (" + levels +
			" resolution levels)";
	}
}
