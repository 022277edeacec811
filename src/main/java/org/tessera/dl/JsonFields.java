package org.tessera.dl;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reading the small JSON files that come with models ({@code config.json},
 * {@code thresholds.json}): an object, positive integers and numbers in [0, 1],
 * each problem one line naming the field.
 */
public final class JsonFields {

	private JsonFields() {}

	/** The JSON object in a text. */
	public static JsonObject object(final String json) {
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

	/** A field that must be a whole number >= 1. */
	public static int positiveInt(final JsonObject o, final String key) {
		return positiveInt(o.get(key), key);
	}

	/** A value that must be a whole number >= 1; {@code key} names it in the error. */
	public static int positiveInt(final JsonElement e, final String key) {
		if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
			final double v = e.getAsDouble();
			if (v >= 1 && v <= Integer.MAX_VALUE && v == Math.rint(v))
				return (int) v;
		}
		throw new IllegalArgumentException(key + " must be a positive integer, got " + e);
	}

	/** A field that must be there and be a number in [0, 1]. */
	public static double unitNumber(final JsonObject o, final String key) {
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
