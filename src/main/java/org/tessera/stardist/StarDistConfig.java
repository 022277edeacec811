package org.tessera.stardist;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * What Tessera needs from a StarDist 2D model's {@code config.json}: the number of
 * rays, the output grid (subsampling), the input channels and axes. Fields that
 * the original StarDist also treats as optional get its defaults: {@code grid}
 * [1, 1], {@code n_channel_in} 1, {@code axes} "YXC".
 *
 * @param nRays number of radial distances per pixel ({@code n_rays})
 * @param gridY output subsampling along Y ({@code grid[0]})
 * @param gridX output subsampling along X ({@code grid[1]})
 * @param channelsIn number of input channels ({@code n_channel_in})
 * @param axes the input axes, e.g. "YXC" ({@code axes})
 */
public record StarDistConfig(int nRays, int gridY, int gridX, int channelsIn, String axes) {

	/**
	 * Reads a {@code config.json} text.
	 *
	 * @throws IllegalArgumentException with one line naming the field and the problem
	 */
	public static StarDistConfig parse(final String json) {
		final JsonObject o = object(json);
		if (o.has("n_dim")) {
			final int nDim = positiveInt(o, "n_dim");
			if (nDim != 2)
				throw new IllegalArgumentException("only 2D models are supported, got n_dim " + nDim);
		}
		if (!o.has("n_rays"))
			throw new IllegalArgumentException("missing \"n_rays\"");
		final int nRays = positiveInt(o, "n_rays");
		int gridY = 1, gridX = 1;
		if (o.has("grid") && !o.get("grid").isJsonNull()) {
			final JsonElement g = o.get("grid");
			if (!g.isJsonArray() || g.getAsJsonArray().size() != 2)
				throw new IllegalArgumentException("grid must be a list of 2 positive integers, got " + g);
			gridY = positiveInt(g.getAsJsonArray().get(0), "grid");
			gridX = positiveInt(g.getAsJsonArray().get(1), "grid");
		}
		final int channels = o.has("n_channel_in") ? positiveInt(o, "n_channel_in") : 1;
		String axes = "YXC";
		if (o.has("axes")) {
			final JsonElement a = o.get("axes");
			if (!a.isJsonPrimitive() || !a.getAsJsonPrimitive().isString())
				throw new IllegalArgumentException("axes must be a string such as \"YXC\", got " + a);
			axes = a.getAsString().toUpperCase(java.util.Locale.ROOT);
			if (axes.contains("Z"))
				throw new IllegalArgumentException("only 2D models are supported, got axes \"" + axes + "\"");
			if (!axes.contains("Y") || !axes.contains("X") || !axes.replaceAll("[YXC]", "").isEmpty() || axes.length() != axes.chars().distinct().count())
				throw new IllegalArgumentException("axes must hold Y, X and optionally C, got \"" + axes + "\"");
		}
		return new StarDistConfig(nRays, gridY, gridX, channels, axes);
	}

	/**
	 * Reads a {@code thresholds.json} text (fields {@code prob} and {@code nms}).
	 *
	 * @throws IllegalArgumentException with one line naming the field and the problem
	 */
	public static Thresholds parseThresholds(final String json) {
		final JsonObject o = object(json);
		return new Thresholds(unitNumber(o, "prob"), unitNumber(o, "nms"));
	}

	private static JsonObject object(final String json) {
		final JsonElement e;
		try {
			e = JsonParser.parseString(json);
		}
		catch (final JsonParseException ex) {
			throw new IllegalArgumentException("not valid JSON (" + firstLine(ex) + ")");
		}
		if (e == null || !e.isJsonObject())
			throw new IllegalArgumentException("expected a JSON object, got " + (e == null || e.isJsonNull() ? "nothing" : e));
		return e.getAsJsonObject();
	}

	private static String firstLine(final Exception ex) {
		final Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
		final String m = String.valueOf(cause.getMessage());
		final int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl);
	}

	private static int positiveInt(final JsonObject o, final String key) {
		return positiveInt(o.get(key), key);
	}

	private static int positiveInt(final JsonElement e, final String key) {
		if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
			final double v = e.getAsDouble();
			if (v >= 1 && v <= Integer.MAX_VALUE && v == Math.rint(v))
				return (int) v;
		}
		throw new IllegalArgumentException(key + " must be a positive integer, got " + e);
	}

	private static double unitNumber(final JsonObject o, final String key) {
		if (!o.has(key))
			throw new IllegalArgumentException("missing \"" + key + "\"");
		final JsonElement e = o.get(key);
		if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
			final double v = e.getAsDouble();
			if (v >= 0 && v <= 1)
				return v;
		}
		throw new IllegalArgumentException(key + " must be a number between 0 and 1, got " + e);
	}
}
