package org.tessera.annotate;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tessera.core.AtomicFiles;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

/**
 * Labkit's {@code .labeling} files (JSON) to and from a {@link LabelCanvas}.
 * <p>
 * The file holds {@code interval} ({@code n}, {@code min}, {@code max}, inclusive),
 * {@code pixelSizes} (one {@code size}/{@code unit} per axis), {@code labels}
 * (each label's name and the coordinates of its pixels, x first) and
 * {@code colors} (name to {@code #RRGGBB}). Labkit's labels are what it
 * paints with; a Tessera canvas has objects of classes, so each object
 * becomes a Labkit label named {@code "<class> <label>"} in its class's
 * colour (an instance segmentation stays one), and reading maps a name
 * ending in a number back to that class, any other name to a class of its
 * own with one object. Labkit lets labels overlap; a canvas does not, so on
 * reading the first label in the file keeps a pixel two labels share.
 */
public final class LabkitLabeling {

	private static final Pattern NUMBERED = Pattern.compile("(.*\\S)\\s+(\\d+)");

	private LabkitLabeling() {}

	/** Writes the canvas as a Labkit labeling (atomically) in pixel units; a canvas of several slices is x, y, z. */
	public static void write(final LabelCanvas canvas, final Path path) throws IOException {
		write(canvas, path, new double[] { 1, 1, 1 }, "pixel");
	}

	/**
	 * Writes the canvas as a Labkit labeling (atomically) with the image's pixel
	 * size along x, y (and z) in {@code unit} (e.g. the calibration's "micron").
	 */
	public static void write(final LabelCanvas canvas, final Path path, final double[] pixelSize, final String unit) throws IOException {
		final int w = canvas.width(), h = canvas.height(), d = canvas.slices();
		final int n = d > 1 ? 3 : 2;
		// pixels of each object, in the canvas's order
		final List<List<int[]>> pixels = new ArrayList<>();
		for (int l = 0; l < canvas.objects(); l++) pixels.add(new ArrayList<>());
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final int l = canvas.label(x, y, z);
					if (l > 0) pixels.get(l - 1).add(n == 3 ? new int[] { x, y, z } : new int[] { x, y });
				}
		AtomicFiles.write(path, ".labeling", tmp -> {
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); JsonWriter json = new JsonWriter(out)) {
				json.beginObject();
				json.name("interval").beginObject().name("n").value(n);
				json.name("min").beginArray();
				for (int a = 0; a < n; a++) json.value(0);
				json.endArray().name("max").beginArray().value(w - 1).value(h - 1);
				if (n == 3) json.value(d - 1);
				json.endArray().endObject();
				json.name("pixelSizes").beginArray();
				for (int a = 0; a < n; a++) json.beginObject().name("size").value(a < pixelSize.length && pixelSize[a] > 0 ? pixelSize[a] : 1.0).name(
					"unit").value(unit == null || unit.isBlank() ? "pixel" : unit).endObject();
				json.endArray();
				json.name("labels").beginObject();
				for (int l = 1; l <= canvas.objects(); l++) {
					if (pixels.get(l - 1).isEmpty()) continue; // undone or erased
					json.name(name(canvas, l)).beginArray();
					for (final int[] p : pixels.get(l - 1)) {
						json.beginArray();
						for (final int c : p) json.value(c);
						json.endArray();
					}
					json.endArray();
				}
				json.endObject();
				json.name("colors").beginObject();
				for (int l = 1; l <= canvas.objects(); l++) {
					if (pixels.get(l - 1).isEmpty()) continue;
					json.name(name(canvas, l)).value(String.format(Locale.ROOT, "#%06X", canvas.classes().get(canvas.classOf(l)).rgb()));
				}
				json.endObject();
				json.endObject();
			}
		});
	}

	private static String name(final LabelCanvas canvas, final int label) {
		return canvas.classes().get(canvas.classOf(label)).name() + " " + label;
	}

	/**
	 * Reads a Labkit labeling (2D, or 3D as slices) into a new canvas, one
	 * object per Labkit label, in the file's order, with an empty undo history.
	 *
	 * @throws IllegalArgumentException with one line naming the file and what is wrong
	 */
	public static LabelCanvas read(final Path path) throws IOException {
		final JsonObject root;
		try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			final JsonElement e = JsonParser.parseReader(in);
			if (!e.isJsonObject()) throw bad(path, "not a JSON object");
			root = e.getAsJsonObject();
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw bad(path, "not valid JSON (" + e.getMessage() + ")");
		}
		try {
			final JsonObject interval = root.getAsJsonObject("interval");
			if (interval == null) throw bad(path, "no \"interval\"");
			final JsonArray min = interval.getAsJsonArray("min"), max = interval.getAsJsonArray("max");
			final int n = max.size();
			if (n < 2 || n > 3 || min.size() != n) throw bad(path, "interval has " + n + " axes; Tessera reads 2D and 3D labelings");
			final int[] lo = new int[n], size = new int[n];
			for (int a = 0; a < n; a++) {
				lo[a] = min.get(a).getAsInt();
				size[a] = max.get(a).getAsInt() - lo[a] + 1;
				if (size[a] < 1) throw bad(path, "interval axis " + a + " is empty");
			}
			final int slices = n == 3 ? size[2] : 1;
			final JsonObject labels = root.getAsJsonObject("labels");
			if (labels == null) throw bad(path, "no \"labels\"");
			final JsonObject colors = root.has("colors") ? root.getAsJsonObject("colors") : new JsonObject();
			final List<LabelCanvas.LabelClass> classList = new ArrayList<>(List.of(LabelCanvas.DEFAULT_CLASS));
			final Map<String, Integer> classes = new LinkedHashMap<>();
			// each pixel's label: the index (1..) of the first Labkit label holding it; that label's class
			final int[] values = new int[size[0] * size[1] * slices];
			final List<Integer> classOfEntry = new ArrayList<>(List.of(0));
			int palette = 0;
			for (final Map.Entry<String, JsonElement> label : labels.entrySet()) {
				final Matcher m = NUMBERED.matcher(label.getKey());
				final String className = m.matches() ? m.group(1) : label.getKey();
				Integer c = classes.get(className);
				if (c == null) {
					final int rgb = colors.has(label.getKey()) ? parseColour(path, colors.get(label.getKey()).getAsString()) : PALETTE[palette++ %
						PALETTE.length];
					if (className.equals(LabelCanvas.DEFAULT_CLASS.name())) c = 0;
					else {
						c = classList.size();
						classList.add(new LabelCanvas.LabelClass(className.replace(',', ' '), rgb));
					}
					classes.put(className, c);
				}
				final int entry = classOfEntry.size();
				classOfEntry.add(c);
				for (final JsonElement p : label.getValue().getAsJsonArray()) {
					final JsonArray xyz = p.getAsJsonArray();
					if (xyz.size() != n) throw bad(path, "label '" + label.getKey() + "' has a pixel with " + xyz.size() + " coordinates, expected " + n);
					final int x = xyz.get(0).getAsInt() - lo[0], y = xyz.get(1).getAsInt() - lo[1], z = n == 3 ? xyz.get(2).getAsInt() - lo[2] : 0;
					if (x < 0 || y < 0 || z < 0 || x >= size[0] || y >= size[1] || z >= slices)
						throw bad(path, "label '" + label.getKey() + "' has pixel " + xyz + " outside the interval");
					final int i = (z * size[1] + y) * size[0] + x;
					if (values[i] == 0) values[i] = entry;
				}
			}
			return LabelCanvas.ofValues(size[0], size[1], slices, values, classList, classOfEntry::get);
		}
		catch (final ClassCastException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
			throw bad(path, "not a Labkit labeling (" + e.getMessage() + ")");
		}
	}

	private static int parseColour(final Path path, final String text) {
		if (!text.matches("#[0-9a-fA-F]{6}")) throw bad(path, "colour '" + text + "' is not #RRGGBB");
		return Integer.parseInt(text.substring(1), 16);
	}

	private static IllegalArgumentException bad(final Path path, final String what) {
		return new IllegalArgumentException("labeling " + path + ": " + what);
	}

	/** Colours for classes a file gives none for. */
	private static final int[] PALETTE = { 0xff0000, 0x00ff00, 0x0080ff, 0xff00ff, 0x00ffff, 0xff8000 };
}
