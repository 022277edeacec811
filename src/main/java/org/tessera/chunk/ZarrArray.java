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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

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

	/**
	 * Numeric pixel types as numpy dtype strings (little-endian form): Tessera
	 * reads all of them, in either byte order, and writes {@link #writable} ones.
	 */
	public enum DType {
		U8("|u1", 1), I8("|i1", 1), U16("<u2", 2), I16("<i2", 2), U32("<u4", 4), I32("<i4", 4), U64("<u8", 8), I64("<i8", 8), F32("<f4", 4),
		F64("<f8", 8);

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

		/** Whether Tessera writes arrays of this type (its results are 8- or 16-bit, 32-bit integer or float). */
		public boolean writable() {
			return this == U8 || this == U16 || this == I32 || this == F32;
		}

		/** The type of a dtype string such as {@code <f4}, {@code >i2} or {@code |u1}, whatever its byte order. */
		static DType parse(final String code) {
			if (code != null && code.length() >= 3 && "<>|=".indexOf(code.charAt(0)) >= 0)
				for (final DType t : values())
				if (t.code.substring(1).equals(code.substring(1))) return t;
			throw new IllegalArgumentException("unsupported Zarr dtype '" + code + "'; Tessera reads integers (u1, i1, u2, i2, u4, i4, u8, i8) " +
				"and floats (f4, f8) in either byte order");
		}

		/** The byte order of a dtype string: big-endian for a leading {@code >}, else little-endian. */
		static ByteOrder order(final String code) {
			return code != null && code.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		}
	}

	private final Path dir;
	private final long[] shape;
	private final int[] chunks;
	private final DType dtype;
	/** The byte order of the stored values (Tessera writes little-endian). */
	private final ByteOrder order;
	private final boolean zlib;
	/** How chunks are compressed, for reading (Tessera writes zlib or nothing). */
	private final Codecs.Compressor compressor;
	private final String separator;
	/** What a chunk that was never written holds (the array's fill_value). */
	private final double fill;
	/** The chunk layout of a Zarr v3 array; null for v2. */
	private final ZarrV3 v3;

	private ZarrArray(final Path dir, final long[] shape, final int[] chunks, final DType dtype, final boolean zlib, final String separator) {
		this(dir, shape, chunks, dtype, ByteOrder.LITTLE_ENDIAN, zlib, zlib ? Codecs.Compressor.ZLIB : Codecs.Compressor.NONE, separator, 0);
	}

	private ZarrArray(final Path dir, final long[] shape, final int[] chunks, final DType dtype, final ByteOrder order, final boolean zlib,
		final Codecs.Compressor compressor, final String separator, final double fill)
	{
		this.order = order;
		this.dir = dir;
		this.shape = shape;
		this.chunks = chunks;
		this.dtype = dtype;
		this.zlib = zlib;
		this.compressor = compressor;
		this.separator = separator;
		this.fill = fill;
		this.v3 = null;
	}

	/** A Zarr v3 array, read only. */
	private ZarrArray(final Path dir, final ZarrV3.Meta m) {
		this.order = m.order();
		this.dir = dir;
		this.shape = m.shape();
		this.chunks = m.chunks();
		this.dtype = m.dtype();
		this.zlib = false;
		this.compressor = Codecs.Compressor.NONE;
		this.separator = "/";
		this.fill = m.fill();
		this.v3 = m.layout();
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
		if (!dtype.writable()) throw new IllegalArgumentException("Tessera does not write Zarr arrays of dtype " + dtype.code());
		final ZarrArray a = new ZarrArray(dir, shape.clone(), chunks.clone(), dtype, zlib, "/");
		final Path meta = dir.resolve(".zarray");
		if (Files.exists(meta)) {
			final ZarrArray old = open(dir);
			if (!Arrays.equals(old.shape, shape) || !Arrays.equals(old.chunks, chunks) || old.dtype != dtype || old.order != ByteOrder.LITTLE_ENDIAN)
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
		if (Files.isRegularFile(dir.resolve("zarr.json"))) return new ZarrArray(dir, ZarrV3.read(dir));
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
		final String dtypeCode = string(json, "dtype");
		final DType dtype = DType.parse(dtypeCode);
		final String order = string(json, "order");
		if (order != null && !order.equals("C")) throw new IllegalArgumentException(dir + ": only C-order Zarr arrays are supported");
		// filters change every value: never read an array as if it had none
		final JsonElement filters = o.get("filters");
		if (filters != null && !filters.isJsonNull() && !(filters.isJsonArray() && filters.getAsJsonArray().isEmpty()))
			throw new IllegalArgumentException(dir + ": Zarr filters " + filters + " are not supported; Tessera reads arrays without filters " +
				"(write it again without them)");
		Codecs.Compressor compressor = Codecs.Compressor.NONE;
		final JsonElement comp = o.get("compressor");
		if (comp != null && !comp.isJsonNull()) {
			final String id = comp.isJsonObject() && comp.getAsJsonObject().has("id") ? comp.getAsJsonObject().get("id").getAsString() : "";
			try {
				compressor = Codecs.Compressor.of(id);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(dir + ": " + e.getMessage() + " (compressor " + comp + ")");
			}
		}
		final String sep = string(json, "dimension_separator");
		return new ZarrArray(dir, shape, chunks, dtype, DType.order(dtypeCode), compressor == Codecs.Compressor.ZLIB, compressor, sep == null ? "." : sep, fillValue(o.get(
			"fill_value"), dir));
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
		if (v3 != null) return v3.path(dir, pos);
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
			default -> throw new IllegalStateException("Tessera does not write Zarr arrays of dtype " + dtype.code());
		}
		final byte[] raw = buf.array();
		final byte[] bytes = zlib ? deflate(raw) : raw;
		final Path path = chunkPath(pos);
		Files.createDirectories(path.getParent());
		ImageFiles.writeAtomically(path, "", tmp -> Files.write(tmp, bytes));
	}

	/** The value {@link #readChunk} gives back for {@code v} written by {@link #writeChunk} (rounded and clamped as the dtype stores it). */
	public double stored(final float v) {
		return switch (dtype) {
			case F32 -> v;
			case U16 -> clamp(Math.round(v), 0, 65535);
			case U8 -> clamp(Math.round(v), 0, 255);
			case I32 -> Math.round(v);
			default -> throw new IllegalStateException("Tessera does not write Zarr arrays of dtype " + dtype.code());
		};
	}

	/**
	 * Reads one chunk as floats (a full chunk, C order); a chunk that was never written
	 * holds the array's fill value.
	 *
	 * @throws IllegalArgumentException naming the chunk when it is corrupt or cut short
	 */
	public double[] readChunk(final long[] pos) throws IOException {
		final double[] out = new double[chunkElements()];
		final ByteBuffer buf = chunkBytes(pos);
		if (buf == null) {
			if (fill != 0) Arrays.fill(out, fill);
			return out;
		}
		for (int i = 0; i < out.length; i++)
			out[i] = switch (dtype) {
				case U8 -> buf.get() & 0xff;
				case I8 -> buf.get();
				case U16 -> buf.getShort() & 0xffff;
				case I16 -> buf.getShort();
				case U32 -> buf.getInt() & 0xffffffffL;
				case I32 -> buf.getInt();
				case U64 -> {
					final long v = buf.getLong();
					yield v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
				}
				case I64 -> buf.getLong();
				case F32 -> buf.getFloat();
				case F64 -> buf.getDouble();
			};
		return out;
	}

	/**
	 * Reads one chunk of a 64-bit integer array exactly, as longs (unsigned
	 * values in two's complement, as ImgLib2's {@code UnsignedLongType} holds them).
	 */
	public long[] readChunkLongs(final long[] pos) throws IOException {
		if (dtype != DType.I64 && dtype != DType.U64) throw new IllegalStateException("not a 64-bit integer array: " + dtype.code());
		final long[] out = new long[chunkElements()];
		final ByteBuffer buf = chunkBytes(pos);
		if (buf == null) {
			if (fill != 0) Arrays.fill(out, (long) fill);
			return out;
		}
		buf.asLongBuffer().get(out);
		return out;
	}

	/** A chunk's decompressed bytes in the array's byte order, or null for a chunk never written. */
	private ByteBuffer chunkBytes(final long[] pos) throws IOException {
		final int n = chunkElements();
		final Path path = chunkPath(pos);
		if (v3 != null) {
			try {
				final byte[] b = v3.chunk(dir, pos, n * dtype.bytes);
				if (b == null) return null;
				if (b.length != n * dtype.bytes) throw new IOException("decoded to " + b.length + " bytes, expected " + n * dtype.bytes +
					" (cut short?)");
				return ByteBuffer.wrap(b).order(order);
			}
			catch (final IOException e) {
				throw new IllegalArgumentException(path + ": corrupt Zarr chunk (" + e.getMessage() + ")");
			}
		}
		if (!Files.exists(path)) return null;
		byte[] bytes = Files.readAllBytes(path);
		try {
			bytes = Codecs.decompress(compressor, bytes, n * dtype.bytes);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(path + ": corrupt Zarr chunk (" + e.getMessage() + ")");
		}
		if (bytes.length != n * dtype.bytes)
			throw new IllegalArgumentException(path + ": Zarr chunk has " + bytes.length + " bytes, expected " + n * dtype.bytes + " (cut short?)");
		return ByteBuffer.wrap(bytes).order(order);
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
	private static double fillValue(final JsonElement e, final Path dir) {
		if (e == null || e.isJsonNull()) return 0;
		try {
			if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return Double.parseDouble(e.getAsString());
			return e.getAsDouble();
		}
		catch (final RuntimeException x) {
			throw new IllegalArgumentException(dir + ": Zarr fill_value " + e + " is not a number");
		}
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
