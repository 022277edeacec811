package org.tessera.chunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
		final int cx = chunks[0], cy = chunks[1];
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
		final int plane = cx * cy, planes = to.chunkElements() / plane;
		Threads.forEach(Threads.executor(threads), positions, pos -> {
			monitor.checkCancelled();
			try {
				// the source chunks this chunk covers: (2 px + i, 2 py + j), i, j in {0, 1}
				final double[][] src = new double[4][];
				for (int k = 0; k < 4; k++) {
					final long[] sp = pos.clone();
					sp[0] = 2 * pos[0] + (k & 1);
					sp[1] = 2 * pos[1] + (k >> 1);
					if (sp[0] < srcGrid[0] && sp[1] < srcGrid[1]) src[k] = from.readChunk(sp);
				}
				final float[] values = new float[to.chunkElements()];
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
				to.writeChunk(pos, values);
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		return to;
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
		final String json = new GsonBuilder().setPrettyPrinting().create().toJson(attrs) + "\n";
		AtomicFiles.write(root.resolve(".zattrs"), "", tmp -> java.nio.file.Files.writeString(tmp, json));
	}
}
