package org.tessera.chunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.tessera.core.Axis;
import org.tessera.core.AtomicFiles;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Units;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The downsampled levels of an OME-Zarr image and its group metadata, so that
 * viewers (napari, Fiji's and BigDataViewer's OME-Zarr readers) open large
 * results at once: level {@code k} at {@code <root>/k} halves x and y of level
 * {@code k - 1} (other axes kept), down to one chunk across; intensities are
 * the mean of each 2 x 2 pixels (rounded as the array's type stores them),
 * classes and masks the top-left pixel's value, so no class is made up. The
 * metadata ({@code .zattrs}, OME-Zarr 0.4) lists every level with its pixel
 * size and the axes' units, written with a JSON library.
 */
public final class OmeZarrPyramid {

	/** Levels at most, level 0 included. */
	public static final int MAX_LEVELS = 10;

	private OmeZarrPyramid() {
		// static utility
	}

	/**
	 * Writes levels 1, 2, ... from the complete level 0 at {@code <root>/0} and the
	 * group metadata for all of them; returns how many levels there are.
	 *
	 * @param axes the image's axes, x first, as level 0's dimensions
	 * @param categorical true for classes, labels and masks (downsampled by taking a pixel), false for intensities (by the mean)
	 */
	public static int write(final Path root, final String name, final List<Axis> axes, final boolean categorical, final int threads,
		final TaskMonitor monitor) throws IOException
	{
		ZarrArray level = ZarrArray.open(root.resolve("0"));
		int levels = 1;
		while (levels < MAX_LEVELS && shrinks(level)) {
			level = halve(level, root.resolve(Integer.toString(levels)), categorical, threads, monitor);
			levels++;
		}
		writeGroup(root, name, axes, levels, categorical ? "nearest" : "mean");
		return levels;
	}

	/** Whether a level is still more than one chunk across in x or y. */
	private static boolean shrinks(final ZarrArray a) {
		return a.shape().length >= 2 && (a.shape()[0] > a.chunks()[0] || a.shape()[1] > a.chunks()[1]);
	}

	/**
	 * Level k + 1 of level k: x and y halved (rounded up), chunk by chunk. Each
	 * chunk of the new level is made from the (at most) four chunks of level k
	 * that it covers, read whole, so no pixel is fetched one by one.
	 */
	private static ZarrArray halve(final ZarrArray from, final Path dir, final boolean categorical, final int threads,
		final TaskMonitor monitor) throws IOException
	{
		final long[] srcShape = from.shape(), shape = srcShape.clone();
		shape[0] = (shape[0] + 1) / 2;
		shape[1] = (shape[1] + 1) / 2;
		final int[] chunks = from.chunks();
		final ZarrArray to = ZarrArray.create(dir, shape, chunks, from.dtype(), true);
		final long[] grid = new long[shape.length], srcGrid = new long[shape.length];
		long count = 1;
		for (int d = 0; d < shape.length; d++) {
			grid[d] = (shape[d] + chunks[d] - 1) / chunks[d];
			srcGrid[d] = (srcShape[d] + chunks[d] - 1) / chunks[d];
			count *= grid[d];
		}
		final List<long[]> positions = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			final long[] pos = new long[shape.length];
			long rest = i;
			for (int d = 0; d < shape.length; d++) {
				pos[d] = rest % grid[d];
				rest /= grid[d];
			}
			positions.add(pos);
		}
		Threads.forEach(Threads.executor(threads), positions, pos -> {
			monitor.checkCancelled();
			try {
				// the source chunks this chunk covers: (2 px + i, 2 py + j), i, j in {0, 1}
				final double[][] src = new double[4][];
				for (int k = 0; k < 4; k++) {
					final long[] sp = source(pos, k);
					if (sp[0] < srcGrid[0] && sp[1] < srcGrid[1]) src[k] = from.readChunk(sp);
				}
				to.writeChunk(pos, halveChunk(src, pos, srcShape, shape, chunks, to.chunkElements(), categorical));
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		return to;
	}

	/** Source chunk {@code k} (0..3: x + 2 y offsets) of chunk {@code pos} of the next level. */
	private static long[] source(final long[] pos, final int k) {
		final long[] sp = pos.clone();
		sp[0] = 2 * pos[0] + (k & 1);
		sp[1] = 2 * pos[1] + (k >> 1);
		return sp;
	}

	/**
	 * Chunk {@code pos} of the next level from the (at most four) source chunks
	 * it covers, as stored ({@code src[i + 2 j]} for source (2 px + i, 2 py + j);
	 * null past the source's edge).
	 */
	private static float[] halveChunk(final double[][] src, final long[] pos, final long[] srcShape, final long[] shape, final int[] chunks,
		final int elements, final boolean categorical)
	{
		final int cx = chunks[0], cy = chunks[1];
		final int plane = cx * cy, planes = elements / plane;
		final float[] values = new float[elements];
		final long x0 = pos[0] * cx, y0 = pos[1] * cy, sx0 = 2 * x0, sy0 = 2 * y0;
		for (int r = 0; r < planes; r++)
			for (int y = 0; y < cy && y0 + y < shape[1]; y++)
				for (int x = 0; x < cx && x0 + x < shape[0]; x++) {
					double sum = 0;
					int n = 0;
					for (int dy = 0; dy < (categorical ? 1 : 2); dy++)
						for (int dx = 0; dx < (categorical ? 1 : 2); dx++) {
							final int sx = 2 * x + dx, sy = 2 * y + dy;
							if (sx0 + sx >= srcShape[0] || sy0 + sy >= srcShape[1]) continue;
							final double[] chunk = src[sx / cx + 2 * (sy / cy)];
							sum += chunk[sx % cx + cx * (sy % cy) + plane * r];
							n++;
						}
					values[x + cx * y + plane * r] = (float) (sum / n);
				}
		return values;
	}

	/**
	 * A sink for level 0 that makes the lower levels while the blocks are
	 * written: each level-0 chunk, as stored, goes to the chunk of level 1 that
	 * covers it, which is made and written once its (at most) four source chunks
	 * have come, and so on down. The levels are the same as {@link #write}
	 * makes from the finished level 0, without reading it back. The blocks must
	 * be the chunks of level 0.
	 *
	 * @param root the OME-Zarr folder, whose level 0 ({@code <root>/0}) is {@code level0}
	 */
	public static Streaming streaming(final Path root, final ZarrArray level0, final boolean categorical) throws IOException {
		return new Streaming(root, level0, categorical);
	}

	/** See {@link #streaming}; {@link #finish} writes the metadata (or, after a resumed run, the levels from level 0). */
	public static final class Streaming implements FloatBlockSink {

		private final Path root;
		private final FloatBlockSink base;
		private final boolean categorical;
		/** arrays.get(k): level k; pending.get(k): the chunks of level k + 1 still waiting for sources, by position. */
		private final List<ZarrArray> arrays = new ArrayList<>();
		private final List<Map<List<Long>, double[][]>> pending = new ArrayList<>();
		private final AtomicBoolean skipped = new AtomicBoolean();

		private Streaming(final Path root, final ZarrArray level0, final boolean categorical) throws IOException {
			this.root = root;
			this.base = ZarrImages.sink(level0);
			this.categorical = categorical;
			arrays.add(level0);
			ZarrArray level = level0;
			while (arrays.size() < MAX_LEVELS && shrinks(level)) {
				final long[] shape = level.shape().clone();
				shape[0] = (shape[0] + 1) / 2;
				shape[1] = (shape[1] + 1) / 2;
				level = ZarrArray.create(root.resolve(Integer.toString(arrays.size())), shape, level.chunks(), level.dtype(), true);
				arrays.add(level);
				pending.add(new HashMap<>());
			}
		}

		@Override
		public void write(final Block block, final float[][] rows, final int x0) throws IOException {
			base.write(block, rows, x0);
			if (arrays.size() == 1) return;
			final ZarrArray a = arrays.get(0);
			final int[] ch = a.chunks();
			final int nx = (int) block.core().dimension(0);
			final int ny = ch.length > 1 ? (int) block.core().dimension(1) : 1;
			final int nz = ch.length > 2 ? (int) block.core().dimension(2) : 1;
			final double[] chunk = new double[a.chunkElements()];
			final int cy = ch.length > 1 ? ch[1] : 1;
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++) {
					final float[] row = rows[y + ny * z];
					final int at = ch[0] * (y + cy * z);
					for (int x = 0; x < nx; x++) chunk[at + x] = a.stored(row[x0 + x]);
				}
			feed(0, block.gridPosition(), chunk);
		}

		/** Chunk {@code pos} of level {@code k}, as stored, for the next level. */
		private void feed(final int k, final long[] pos, final double[] chunk) throws IOException {
			final ZarrArray from = arrays.get(k), to = arrays.get(k + 1);
			final long[] target = pos.clone();
			target[0] = pos[0] / 2;
			target[1] = pos[1] / 2;
			final long[] srcShape = from.shape();
			final int[] chunks = from.chunks();
			final double[][] sources;
			synchronized (pending) {
				final List<Long> key = java.util.Arrays.stream(target).boxed().toList();
				final double[][] src = pending.get(k).computeIfAbsent(key, x -> new double[4][]);
				src[(int) (pos[0] & 1) + 2 * (int) (pos[1] & 1)] = chunk;
				for (int i = 0; i < 4; i++) {
					final long[] sp = source(target, i);
					final boolean exists = sp[0] * chunks[0] < srcShape[0] && sp[1] * chunks[1] < srcShape[1];
					if (exists && src[i] == null) return; // more to come
				}
				pending.get(k).remove(key);
				sources = src;
			}
			final float[] values = halveChunk(sources, target, srcShape, to.shape(), chunks, to.chunkElements(), categorical);
			to.writeChunk(target, values);
			if (k + 2 < arrays.size()) {
				final double[] stored = new double[values.length];
				for (int i = 0; i < values.length; i++) stored[i] = to.stored(values[i]);
				feed(k + 1, target, stored);
			}
		}

		@Override
		public boolean isDone(final Block block) {
			final boolean done = base.isDone(block);
			if (done) skipped.set(true);
			return done;
		}

		/**
		 * Writes the group metadata once every block has been written; when some
		 * were kept from an earlier run, makes the levels from level 0 first, as
		 * {@link #write} does. Returns how many levels there are.
		 */
		public int finish(final String name, final List<Axis> axes, final int threads, final TaskMonitor monitor) throws IOException {
			boolean complete = !skipped.get();
			synchronized (pending) {
				for (final Map<List<Long>, double[][]> p : pending) complete &= p.isEmpty();
			}
			if (!complete) return OmeZarrPyramid.write(root, name, axes, categorical, threads, monitor);
			writeGroup(root, name, axes, arrays.size(), categorical ? "nearest" : "mean");
			return arrays.size();
		}
	}

	/** Adds {@code name} to the {@code labels} list of a labels/ group's metadata (created when missing). */
	private static synchronized void addToLabelsGroup(final Path labels, final String name) throws IOException {
		java.nio.file.Files.createDirectories(labels);
		final Path zgroup = labels.resolve(".zgroup"), zattrs = labels.resolve(".zattrs");
		if (!java.nio.file.Files.exists(zgroup)) AtomicFiles.write(zgroup, "", tmp -> java.nio.file.Files.writeString(tmp, "{\"zarr_format\": 2}\n"));
		JsonObject attrs = new JsonObject();
		if (java.nio.file.Files.exists(zattrs)) {
			try {
				attrs = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(zattrs)).getAsJsonObject();
			}
			catch (final RuntimeException e) {
				throw new IllegalArgumentException(zattrs + " is not valid JSON; cannot add the labels '" + name + "' to it", e);
			}
		}
		final JsonArray list = attrs.has("labels") && attrs.get("labels").isJsonArray() ? attrs.getAsJsonArray("labels") : new JsonArray();
		for (final var e : list)
			if (e.isJsonPrimitive() && e.getAsString().equals(name)) return;
		list.add(name);
		attrs.add("labels", list);
		final String json = new GsonBuilder().setPrettyPrinting().create().toJson(attrs) + "\n";
		AtomicFiles.write(zattrs, "", tmp -> java.nio.file.Files.writeString(tmp, json));
	}

	/**
	 * The OME-Zarr 0.4 group of an image: {@code .zgroup} and {@code .zattrs} with
	 * its axes (slowest first, as OME-Zarr lists them; spatial ones with their
	 * unit) and {@code levels} datasets {@code 0, 1, ...} whose x and y pixel
	 * sizes double from level to level.
	 *
	 * @param method how the levels were made ("mean", "nearest"), for the metadata's {@code type}; null for one level
	 */
	public static void writeGroup(final Path root, final String name, final List<Axis> axes, final int levels, final String method)
		throws IOException
	{
		java.nio.file.Files.createDirectories(root);
		AtomicFiles.write(root.resolve(".zgroup"), "", tmp -> java.nio.file.Files.writeString(tmp, "{\"zarr_format\": 2}\n"));
		final JsonArray axisList = new JsonArray();
		for (int d = axes.size() - 1; d >= 0; d--) {
			final Axis a = axes.get(d);
			final String label = a.type().label().toLowerCase(Locale.ROOT);
			final String type = label.equals("t") ? "time" : label.equals("c") ? "channel" : "space";
			final JsonObject o = new JsonObject();
			o.addProperty("name", label);
			o.addProperty("type", type);
			final String unit = Units.ome(a.unit());
			if (!type.equals("channel") && unit != null) o.addProperty("unit", unit);
			axisList.add(o);
		}
		final JsonArray datasets = new JsonArray();
		for (int k = 0; k < levels; k++) {
			final JsonArray scale = new JsonArray();
			for (int d = axes.size() - 1; d >= 0; d--) scale.add(axes.get(d).scale() * (d < 2 ? Math.pow(2, k) : 1));
			final JsonObject transform = new JsonObject();
			transform.addProperty("type", "scale");
			transform.add("scale", scale);
			final JsonArray transforms = new JsonArray();
			transforms.add(transform);
			final JsonObject ds = new JsonObject();
			ds.addProperty("path", Integer.toString(k));
			ds.add("coordinateTransformations", transforms);
			datasets.add(ds);
		}
		final JsonObject multiscale = new JsonObject();
		multiscale.addProperty("version", "0.4");
		multiscale.addProperty("name", name);
		multiscale.add("axes", axisList);
		multiscale.add("datasets", datasets);
		if (method != null && levels > 1) multiscale.addProperty("type", method);
		final JsonArray multiscales = new JsonArray();
		multiscales.add(multiscale);
		final JsonObject attrs = new JsonObject();
		attrs.add("multiscales", multiscales);
		final Path image = ChunkedImages.labelsImage(root);
		if (image != null) {
			// a label image of OME-Zarr's labels/ group: marked as one, pointing at its image, listed in the group
			final JsonObject label = new JsonObject(), source = new JsonObject();
			label.addProperty("version", "0.4");
			source.addProperty("image", "../../");
			label.add("source", source);
			attrs.add("image-label", label);
			addToLabelsGroup(root.toAbsolutePath().normalize().getParent(), root.toAbsolutePath().normalize().getFileName().toString());
		}
		final String json = new GsonBuilder().setPrettyPrinting().create().toJson(attrs) + "\n";
		AtomicFiles.write(root.resolve(".zattrs"), "", tmp -> java.nio.file.Files.writeString(tmp, json));
	}
}
