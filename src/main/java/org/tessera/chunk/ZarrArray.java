package org.tessera.chunk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.tessera.imagej.ImageFiles;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A Zarr v2 array on disk, written and read chunk by chunk: {@code .zarray}
 * metadata and one file per chunk, uncompressed or zlib-compressed, C order,
 * little-endian, chunk files nested by {@code /} (as OME-Zarr 0.4 uses them).
 * Dimensions here are in ImgLib2 order (x first); on disk they are reversed
 * (z, y, x), as numpy and every other Zarr reader expect.
 * <p>
 * Each chunk file is written to a temporary name and renamed, so a chunk is
 * either complete or absent; {@link #hasChunk} is how a stopped job resumes.
 */
public final class ZarrArray {

	/** Pixel types Tessera writes: numpy dtype strings. */
	public enum DType {
		U8("|u1", 1), U16("<u2", 2), I32("<i4", 4), F32("<f4", 4);

		private final String code;
		private final int bytes;

		DType(final String code, final int bytes) {
			this.code = code;
			this.bytes = bytes;
		}

		public String code() {
			return code;
		}

		public int bytes() {
			return bytes;
		}

		static DType parse(final String code) {
			for (final DType t : values())
				if (t.code.equals(code) || t.code.substring(1).equals(code.substring(1)) && code.charAt(0) != '>') return t;
			throw new IllegalArgumentException("unsupported Zarr dtype '" + code + "'; Tessera reads |u1, <u2, <i4 and <f4");
		}
	}

	private final Path dir;
	private final long[] shape;
	private final int[] chunks;
	private final DType dtype;
	private final boolean zlib;
	/** gzip framing instead of zlib's (zarr-python's GZip codec); only read. */
	private final boolean gzip;
	private final String separator;
	/** What a chunk that was never written holds (the array's fill_value). */
	private final float fill;

	private ZarrArray(final Path dir, final long[] shape, final int[] chunks, final DType dtype, final boolean zlib, final String separator) {
		this(dir, shape, chunks, dtype, zlib, false, separator, 0);
	}

	private ZarrArray(final Path dir, final long[] shape, final int[] chunks, final DType dtype, final boolean zlib, final boolean gzip,
		final String separator, final float fill)
	{
		this.dir = dir;
		this.shape = shape;
		this.chunks = chunks;
		this.dtype = dtype;
		this.zlib = zlib;
		this.gzip = gzip;
		this.separator = separator;
		this.fill = fill;
	}

	/**
	 * Creates an array (or opens it if one with the same shape, chunks and type
	 * is there already, so that a stopped job resumes).
	 *
	 * @param shape size per axis, x first
	 * @param chunks chunk size per axis, x first
	 * @throws IllegalArgumentException if an array with other metadata exists there
	 */
	public static ZarrArray create(final Path dir, final long[] shape, final int[] chunks, final DType dtype, final boolean zlib)
		throws IOException
	{
		if (shape.length != chunks.length) throw new IllegalArgumentException("shape and chunks differ in length");
		final ZarrArray a = new ZarrArray(dir, shape.clone(), chunks.clone(), dtype, zlib, "/");
		final Path meta = dir.resolve(".zarray");
		if (Files.exists(meta)) {
			final ZarrArray old = open(dir);
			if (!Arrays.equals(old.shape, shape) || !Arrays.equals(old.chunks, chunks) || old.dtype != dtype)
				throw new IllegalArgumentException(dir + " holds a Zarr array of another shape, chunking or type; remove it or choose another output");
			return old;
		}
		Files.createDirectories(dir);
		final String json = "{\n" + "  \"zarr_format\": 2,\n" + "  \"shape\": " + reversed(shape) + ",\n" + "  \"chunks\": " + reversed(
			chunks) + ",\n" + "  \"dtype\": \"" + dtype.code + "\",\n" + "  \"compressor\": " + (zlib ? "{\"id\": \"zlib\", \"level\": 1}"
				: "null") + ",\n" + "  \"fill_value\": 0,\n" + "  \"order\": \"C\",\n" + "  \"filters\": null,\n" +
			"  \"dimension_separator\": \"/\"\n" + "}\n";
		ImageFiles.writeAtomically(meta, "", tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
		return a;
	}

	/** Opens an existing array. */
	public static ZarrArray open(final Path dir) throws IOException {
		final Path meta = dir.resolve(".zarray");
		if (!Files.isRegularFile(meta)) throw new IllegalArgumentException("not a Zarr array (no .zarray): " + dir);
		final String json = Files.readString(meta, StandardCharsets.UTF_8);
		final JsonObject o;
		try {
			o = JsonParser.parseString(json).getAsJsonObject();
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(meta + ": not valid JSON (" + e.getMessage() + ")");
		}
		final long[] shape = reversedLongs(numbers(json, "shape"));
		final long[] ch = reversedLongs(numbers(json, "chunks"));
		final int[] chunks = new int[ch.length];
		for (int i = 0; i < ch.length; i++) chunks[i] = (int) ch[i];
		final DType dtype = DType.parse(string(json, "dtype"));
		final String order = string(json, "order");
		if (order != null && !order.equals("C")) throw new IllegalArgumentException(dir + ": only C-order Zarr arrays are supported");
		// filters change every value: never read an array as if it had none
		final JsonElement filters = o.get("filters");
		if (filters != null && !filters.isJsonNull() && !(filters.isJsonArray() && filters.getAsJsonArray().isEmpty()))
			throw new IllegalArgumentException(dir + ": Zarr filters " + filters + " are not supported; Tessera reads arrays without filters " +
				"(write it again without them)");
		boolean zlib = false, gzip = false;
		final JsonElement comp = o.get("compressor");
		if (comp != null && !comp.isJsonNull()) {
			final String id = comp.isJsonObject() && comp.getAsJsonObject().has("id") ? comp.getAsJsonObject().get("id").getAsString() : "";
			if (id.equals("zlib")) zlib = true;
			else if (id.equals("gzip")) gzip = true;
			else throw new IllegalArgumentException(dir + ": unsupported Zarr compressor " + comp + "; Tessera reads none, zlib and gzip");
		}
		final String sep = string(json, "dimension_separator");
		return new ZarrArray(dir, shape, chunks, dtype, zlib, gzip, sep == null ? "." : sep, fillValue(o.get("fill_value"), dir));
	}

	public Path dir() {
		return dir;
	}

	/** Size per axis, x first. */
	public long[] shape() {
		return shape.clone();
	}

	/** Chunk size per axis, x first. */
	public int[] chunks() {
		return chunks.clone();
	}

	public DType dtype() {
		return dtype;
	}

	/** The file of the chunk at grid position {@code pos} (x first). */
	public Path chunkPath(final long[] pos) {
		final StringBuilder key = new StringBuilder();
		for (int d = pos.length - 1; d >= 0; d--) key.append(d == pos.length - 1 ? "" : separator).append(pos[d]);
		return dir.resolve(key.toString());
	}

	/** Whether that chunk has been written. */
	public boolean hasChunk(final long[] pos) {
		return Files.exists(chunkPath(pos));
	}

	/** Elements in one (full) chunk. */
	public int chunkElements() {
		long n = 1;
		for (final int c : chunks) n *= c;
		if (n > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("chunks too large");
		return (int) n;
	}

	/**
	 * Writes one chunk atomically. {@code values} holds a full chunk in C order
	 * (x fastest); values past the array's edge should be 0.
	 */
	public void writeChunk(final long[] pos, final float[] values) throws IOException {
		if (values.length != chunkElements()) throw new IllegalArgumentException("chunk has " + values.length + " values, expected " +
			chunkElements());
		final ByteBuffer buf = ByteBuffer.allocate(values.length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
		switch (dtype) {
			case F32 -> buf.asFloatBuffer().put(values);
			case U16 -> {
				for (final float v : values) buf.putShort((short) clamp(Math.round(v), 0, 65535));
			}
			case U8 -> {
				for (final float v : values) buf.put((byte) clamp(Math.round(v), 0, 255));
			}
			case I32 -> {
				for (final float v : values) buf.putInt(Math.round(v));
			}
		}
		final byte[] raw = buf.array();
		final byte[] bytes = zlib ? deflate(raw) : raw;
		final Path path = chunkPath(pos);
		Files.createDirectories(path.getParent());
		ImageFiles.writeAtomically(path, "", tmp -> Files.write(tmp, bytes));
	}

	/**
	 * Reads one chunk as floats (a full chunk, C order); a chunk that was never written
	 * holds the array's fill value.
	 *
	 * @throws IllegalArgumentException naming the chunk when it is corrupt or cut short
	 */
	public float[] readChunk(final long[] pos) throws IOException {
		final float[] out = new float[chunkElements()];
		final Path path = chunkPath(pos);
		if (!Files.exists(path)) {
			if (fill != 0) Arrays.fill(out, fill);
			return out;
		}
		byte[] bytes = Files.readAllBytes(path);
		try {
			if (zlib) bytes = inflate(bytes, out.length * dtype.bytes);
			else if (gzip) bytes = gunzip(bytes, out.length * dtype.bytes);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(path + ": corrupt Zarr chunk (" + e.getMessage() + ")");
		}
		if (bytes.length != out.length * dtype.bytes)
			throw new IllegalArgumentException(path + ": Zarr chunk has " + bytes.length + " bytes, expected " + out.length * dtype.bytes +
				" (cut short?)");
		final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		switch (dtype) {
			case F32 -> buf.asFloatBuffer().get(out);
			case U16 -> {
				for (int i = 0; i < out.length; i++) out[i] = buf.getShort() & 0xffff;
			}
			case U8 -> {
				for (int i = 0; i < out.length; i++) out[i] = buf.get() & 0xff;
			}
			case I32 -> {
				for (int i = 0; i < out.length; i++) out[i] = buf.getInt();
			}
		}
		return out;
	}

	private static int clamp(final long v, final int min, final int max) {
		return (int) (v < min ? min : v > max ? max : v);
	}

	private static byte[] deflate(final byte[] raw) {
		final Deflater d = new Deflater(1);
		d.setInput(raw);
		d.finish();
		final ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
		final byte[] buf = new byte[65536];
		while (!d.finished()) out.write(buf, 0, d.deflate(buf));
		d.end();
		return out.toByteArray();
	}

	/** The fill_value of .zarray: a number, "NaN" or "Infinity" as JSON strings, or null (no fill: 0). */
	private static float fillValue(final JsonElement e, final Path dir) {
		if (e == null || e.isJsonNull()) return 0;
		try {
			if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return Float.parseFloat(e.getAsString());
			return e.getAsFloat();
		}
		catch (final RuntimeException x) {
			throw new IllegalArgumentException(dir + ": Zarr fill_value " + e + " is not a number");
		}
	}

	private static byte[] gunzip(final byte[] in, final int expected) throws IOException {
		try (java.util.zip.GZIPInputStream g = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
			final byte[] out = g.readNBytes(expected);
			if (out.length != expected) throw new IOException("gzip chunk decompressed to " + out.length + " bytes, expected " + expected);
			return out;
		}
	}

	private static byte[] inflate(final byte[] in, final int expected) throws IOException {
		final Inflater inf = new Inflater();
		inf.setInput(in);
		final byte[] out = new byte[expected];
		try {
			int n = 0;
			while (n < expected && !inf.finished()) {
				final int k = inf.inflate(out, n, expected - n);
				if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
				n += k;
			}
			if (n != expected) throw new IOException("zlib chunk decompressed to " + n + " bytes, expected " + expected);
		}
		catch (final DataFormatException e) {
			throw new IOException("corrupt zlib chunk: " + e.getMessage(), e);
		}
		finally {
			inf.end();
		}
		return out;
	}

	private static String reversed(final long[] a) {
		final StringBuilder sb = new StringBuilder("[");
		for (int i = a.length - 1; i >= 0; i--) sb.append(a[i]).append(i > 0 ? ", " : "");
		return sb.append(']').toString();
	}

	private static String reversed(final int[] a) {
		final long[] l = new long[a.length];
		for (int i = 0; i < a.length; i++) l[i] = a[i];
		return reversed(l);
	}

	private static long[] reversedLongs(final long[] a) {
		final long[] r = new long[a.length];
		for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
		return r;
	}

	private static long[] numbers(final String json, final String key) {
		final Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
		if (!m.find()) throw new IllegalArgumentException(".zarray has no \"" + key + "\"");
		return Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
	}

	private static String string(final String json, final String key) {
		final Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		return m.find() ? m.group(1) : null;
	}

	/**
	 * Writes the OME-Zarr 0.4 group metadata around a single-resolution array
	 * stored at {@code <root>/0}: {@code .zgroup} and {@code .zattrs} with axes and scale.
	 *
	 * @param axes axis names x first ("x", "y", "z", "c", "t")
	 * @param scale pixel size per axis, x first
	 * @param unit spatial unit, e.g. "micrometer"
	 */
	public static void writeOmeGroup(final Path root, final String name, final String[] axes, final double[] scale, final String unit)
		throws IOException
	{
		Files.createDirectories(root);
		ImageFiles.writeAtomically(root.resolve(".zgroup"), "", tmp -> Files.writeString(tmp, "{\"zarr_format\": 2}\n"));
		final StringBuilder ax = new StringBuilder(), sc = new StringBuilder();
		for (int i = axes.length - 1; i >= 0; i--) {
			final String a = axes[i].toLowerCase(Locale.ROOT);
			final String type = a.equals("t") ? "time" : a.equals("c") ? "channel" : "space";
			ax.append("{\"name\": \"").append(a).append("\", \"type\": \"").append(type).append('"');
			if (type.equals("space")) ax.append(", \"unit\": \"").append(unit).append('"');
			ax.append('}').append(i > 0 ? ", " : "");
			sc.append(scale[i]).append(i > 0 ? ", " : "");
		}
		final String json = "{\"multiscales\": [{\"version\": \"0.4\", \"name\": \"" + name.replace("\"", "'") + "\", \"axes\": [" + ax +
			"], \"datasets\": [{\"path\": \"0\", \"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [" + sc + "]}]}]}]}\n";
		ImageFiles.writeAtomically(root.resolve(".zattrs"), "", tmp -> Files.writeString(tmp, json));
	}

	/** Metadata as a map, for messages. */
	public Map<String, Object> describe() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("shape", Arrays.toString(shape));
		m.put("chunks", Arrays.toString(chunks));
		m.put("dtype", dtype.code);
		m.put("compressor", zlib ? "zlib" : "none");
		return m;
	}
}
