package org.tessera.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.tessera.train.UNet.Architecture;
import org.tessera.train.UNet.Head;
import org.tessera.train.UNet.HeadActivation;

/**
 * A {@link Architecture} as JSON, as it is kept in a trained model's ONNX
 * metadata: {@code {"in_channels": 1, "grid": 1, "widths": [32, 64, 96],
 * "heads": [{"name": "probabilities", "channels": 3, "activation": "softmax"}]}}.
 */
public final class ArchitectureJson {

	private ArchitectureJson() {}

	/** The architecture as one line of JSON. */
	public static String write(final Architecture a) {
		final JsonObject o = new JsonObject();
		o.addProperty("in_channels", a.inChannels());
		o.addProperty("grid", a.grid());
		final JsonArray widths = new JsonArray();
		for (final int w : a.widths())
			widths.add(w);
		o.add("widths", widths);
		final JsonArray heads = new JsonArray();
		for (final Head h : a.heads()) {
			final JsonObject head = new JsonObject();
			head.addProperty("name", h.name());
			head.addProperty("channels", h.channels());
			head.addProperty("activation", h.activation().name().toLowerCase(Locale.ROOT));
			heads.add(head);
		}
		o.add("heads", heads);
		return o.toString();
	}

	/**
	 * Reads {@link #write}'s JSON.
	 *
	 * @param what the source for messages
	 * @throws IllegalArgumentException naming {@code what} and the field that is wrong
	 */
	public static Architecture read(final String what, final String json) {
		try {
			final JsonObject o = JsonParser.parseString(json).getAsJsonObject();
			final JsonArray w = o.getAsJsonArray("widths");
			final int[] widths = new int[w.size()];
			for (int i = 0; i < widths.length; i++)
				widths[i] = w.get(i).getAsInt();
			final List<Head> heads = new ArrayList<>();
			for (final JsonElement e : o.getAsJsonArray("heads")) {
				final JsonObject h = e.getAsJsonObject();
				heads.add(new Head(h.get("name").getAsString(), h.get("channels").getAsInt(),
					HeadActivation.valueOf(h.get("activation").getAsString().toUpperCase(Locale.ROOT))));
			}
			return new Architecture(o.get("in_channels").getAsInt(), o.get("grid").getAsInt(), widths, heads);
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(what + ": the network's architecture is not readable (" + e.getMessage() + ")", e);
		}
	}
}
