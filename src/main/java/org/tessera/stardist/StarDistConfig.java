package org.tessera.stardist;

import org.tessera.dl.JsonFields;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What Tessera needs from a StarDist 2D model's {@code config.json}: the number of
 * rays, the output grid (subsampling), the input channels and axes, and the
 * percentiles its inputs are normalised by. Fields that the original StarDist also
 * treats as optional get its defaults: {@code grid} [1, 1], {@code n_channel_in} 1,
 * {@code axes} "YXC"; {@code normalize_percentiles} (Tessera's, or a bioimage.io
 * package's {@code scale_range}) defaults to StarDist's 1 and 99.8.
 *
 * @param nRays number of radial distances per pixel ({@code n_rays})
 * @param gridY output subsampling along Y ({@code grid[0]})
 * @param gridX output subsampling along X ({@code grid[1]})
 * @param channelsIn number of input channels ({@code n_channel_in})
 * @param axes the input axes, e.g. "YXC" ({@code axes})
 * @param normalizeLow the lower percentile of the input normalisation
 * @param normalizeHigh the upper percentile
 */
public record StarDistConfig(int nRays, int gridY, int gridX, int channelsIn, String axes, double normalizeLow, double normalizeHigh) {

	/** A configuration with StarDist's default normalisation (percentiles 1 and 99.8). */
	public StarDistConfig(final int nRays, final int gridY, final int gridX, final int channelsIn, final String axes) {
		this(nRays, gridY, gridX, channelsIn, axes, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH);
	}

	/**
	 * Reads a {@code config.json} text.
	 *
	 * @throws IllegalArgumentException with one line naming the field and the problem
	 */
	public static StarDistConfig parse(final String json) {
		final JsonObject o = JsonFields.object(json);
		if (o.has("n_dim")) {
			final int nDim = JsonFields.positiveInt(o, "n_dim");
			if (nDim != 2)
				throw new IllegalArgumentException("only 2D models are supported, got n_dim " + nDim);
		}
		if (!o.has("n_rays"))
			throw new IllegalArgumentException("missing \"n_rays\"");
		final int nRays = JsonFields.positiveInt(o, "n_rays");
		int gridY = 1, gridX = 1;
		if (o.has("grid") && !o.get("grid").isJsonNull()) {
			final JsonElement g = o.get("grid");
			if (!g.isJsonArray() || g.getAsJsonArray().size() != 2)
				throw new IllegalArgumentException("grid must be a list of 2 positive integers, got " + g);
			gridY = JsonFields.positiveInt(g.getAsJsonArray().get(0), "grid");
			gridX = JsonFields.positiveInt(g.getAsJsonArray().get(1), "grid");
		}
		final int channels = o.has("n_channel_in") ? JsonFields.positiveInt(o, "n_channel_in") : 1;
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
		double low = Normalize.DEFAULT_LOW, high = Normalize.DEFAULT_HIGH;
		if (o.has("normalize_percentiles") && !o.get("normalize_percentiles").isJsonNull()) {
			final JsonElement p = o.get("normalize_percentiles");
			if (!p.isJsonArray() || p.getAsJsonArray().size() != 2 || !p.getAsJsonArray().get(0).isJsonPrimitive() || !p.getAsJsonArray().get(1)
				.isJsonPrimitive()) throw new IllegalArgumentException("normalize_percentiles must be a list of 2 numbers, got " + p);
			low = p.getAsJsonArray().get(0).getAsDouble();
			high = p.getAsJsonArray().get(1).getAsDouble();
			if (!(low >= 0 && low < high && high <= 100)) throw new IllegalArgumentException("normalize_percentiles must satisfy 0 <= low < high " +
				"<= 100, got " + p);
		}
		return new StarDistConfig(nRays, gridY, gridX, channels, axes, low, high);
	}

	/**
	 * Reads a {@code thresholds.json} text (fields {@code prob} and {@code nms}).
	 *
	 * @throws IllegalArgumentException with one line naming the field and the problem
	 */
	public static Thresholds parseThresholds(final String json) {
		final JsonObject o = JsonFields.object(json);
		return new Thresholds(JsonFields.unitNumber(o, "prob"), JsonFields.unitNumber(o, "nms"));
	}
}
