package org.tessera.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * How a Zarr v3 array ({@code zarr.json}) stores its chunks, for reading: the
 * chunk key encoding ({@code default}: {@code c/1/2/3}, or {@code v2}), the
 * codec chain ({@code bytes} with its byte order, then {@code gzip},
 * {@code zstd}, {@code blosc} or {@code crc32c}), and the
 * {@code sharding_indexed} codec, whose shards hold many inner chunks and an
 * index of their offsets and lengths (at the end or the start, optionally with
 * a CRC-32C). {@code transpose} and other array-to-array codecs are refused.
 * Dimensions are x first, as in {@link ZarrArray}.
 */
final class ZarrV3 {

	/** A chain of bytes-to-bytes codecs, in the order they were applied when writing. */
	private final List<String> codecs;
	private final List<JsonObject> codecConfigs;
	private final String prefix, separator;
	/** For sharded arrays: inner chunks per shard along each axis (x first); null when not sharded. */
	private final int[] perShard;
	private final List<String> innerCodecs;
	private final boolean indexAtStart, indexCrc;

	private ZarrV3(final List<String> codecs, final List<JsonObject> codecConfigs, final String prefix, final String separator,
		final int[] perShard, final List<String> innerCodecs, final boolean indexAtStart, final boolean indexCrc)
	{
		this.codecs = codecs;
		this.codecConfigs = codecConfigs;
		this.prefix = prefix;
		this.separator = separator;
		this.perShard = perShard;
		this.innerCodecs = innerCodecs;
		this.indexAtStart = indexAtStart;
		this.indexCrc = indexCrc;
	}

	/** What {@link ZarrArray} needs of the metadata: shape, (inner) chunks, type, byte order, fill value, and this layout. */
	record Meta(long[] shape, int[] chunks, ZarrArray.DType dtype, ByteOrder order, double fill, ZarrV3 layout) {}

	static Meta read(final Path dir) throws IOException {
		final Path file = dir.resolve("zarr.json");
		final JsonObject o;
		try {
			o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")");
		}
		try {
			if (!o.has("node_type") || !"array".equals(o.get("node_type").getAsString()))
				throw new IllegalArgumentException(file + ": a Zarr v3 group, not an array");
			final long[] shape = reversed(o.getAsJsonArray("shape"));
			final JsonObject grid = o.getAsJsonObject("chunk_grid");
			if (!"regular".equals(grid.get("name").getAsString())) throw new IllegalArgumentException(file + ": chunk grid " + grid.get("name") +
				" is not supported (regular only)");
			final int[] outer = ints(reversed(grid.getAsJsonObject("configuration").getAsJsonArray("chunk_shape")));
			String prefix = "c", sep = "/";
			if (o.has("chunk_key_encoding")) {
				final JsonObject k = o.getAsJsonObject("chunk_key_encoding");
				final String name = k.get("name").getAsString();
				final JsonObject cfg = k.has("configuration") ? k.getAsJsonObject("configuration") : new JsonObject();
				if (name.equals("v2")) {
					prefix = null;
					sep = cfg.has("separator") ? cfg.get("separator").getAsString() : ".";
				}
				else if (name.equals("default")) sep = cfg.has("separator") ? cfg.get("separator").getAsString() : "/";
				else throw new IllegalArgumentException(file + ": chunk key encoding '" + name + "' is not supported");
			}
			final ZarrArray.DType dtype = dtype(o.get("data_type").getAsString(), file);
			final JsonArray codecs = o.getAsJsonArray("codecs");
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			int[] chunks = outer, perShard = null;
			final List<String> names = new ArrayList<>(), inner = new ArrayList<>();
			final List<JsonObject> configs = new ArrayList<>();
			boolean atStart = false, crc = false;
			for (final JsonElement e : codecs) {
				final JsonObject c = e.getAsJsonObject();
				final String name = c.get("name").getAsString();
				final JsonObject cfg = c.has("configuration") ? c.getAsJsonObject("configuration") : new JsonObject();
				switch (name) {
					case "bytes" -> order = endian(cfg);
					case "sharding_indexed" -> {
						chunks = ints(reversed(cfg.getAsJsonArray("chunk_shape")));
						perShard = new int[chunks.length];
						for (int d = 0; d < chunks.length; d++) {
							if (outer[d] % chunks[d] != 0) throw new IllegalArgumentException(file + ": shard shape is not a multiple of the inner chunk shape");
							perShard[d] = outer[d] / chunks[d];
						}
						for (final JsonElement ie : cfg.getAsJsonArray("codecs")) {
							final JsonObject ic = ie.getAsJsonObject();
							final String in = ic.get("name").getAsString();
							if (in.equals("bytes")) order = endian(ic.has("configuration") ? ic.getAsJsonObject("configuration") : new JsonObject());
							else if (isBytesCodec(in)) inner.add(in);
							else throw new IllegalArgumentException(file + ": codec '" + in + "' inside the shards is not supported");
						}
						for (final JsonElement ie : cfg.getAsJsonArray("index_codecs")) {
							final String in = ie.getAsJsonObject().get("name").getAsString();
							if (in.equals("crc32c")) crc = true;
							else if (!in.equals("bytes")) throw new IllegalArgumentException(file + ": shard index codec '" + in + "' is not supported");
						}
						atStart = cfg.has("index_location") && "start".equals(cfg.get("index_location").getAsString());
					}
					default -> {
						if (!isBytesCodec(name)) throw new IllegalArgumentException(file + ": Zarr v3 codec '" + name + "' is not supported; Tessera " +
							"reads bytes, sharding_indexed, gzip, zstd, blosc and crc32c");
						names.add(name);
						configs.add(cfg);
					}
				}
			}
			final double fill = fill(o.get("fill_value"), file);
			return new Meta(shape, chunks, dtype, order, fill, new ZarrV3(names, configs, prefix, sep, perShard, inner, atStart, crc));
		}
		catch (final IllegalArgumentException e) {
			throw e;
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(file + ": malformed Zarr v3 metadata (" + e + ")");
		}
	}

	private static boolean isBytesCodec(final String name) {
		return name.equals("gzip") || name.equals("zstd") || name.equals("blosc") || name.equals("crc32c");
	}

	private static ByteOrder endian(final JsonObject cfg) {
		return cfg.has("endian") && "big".equals(cfg.get("endian").getAsString()) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
	}

	private static ZarrArray.DType dtype(final String name, final Path file) {
		return switch (name) {
			case "uint8" -> ZarrArray.DType.U8;
			case "int8" -> ZarrArray.DType.I8;
			case "uint16" -> ZarrArray.DType.U16;
			case "int16" -> ZarrArray.DType.I16;
			case "uint32" -> ZarrArray.DType.U32;
			case "int32" -> ZarrArray.DType.I32;
			case "uint64" -> ZarrArray.DType.U64;
			case "int64" -> ZarrArray.DType.I64;
			case "float32" -> ZarrArray.DType.F32;
			case "float64" -> ZarrArray.DType.F64;
			default -> throw new IllegalArgumentException(file + ": data type '" + name + "' is not supported (numeric types only)");
		};
	}

	private static double fill(final JsonElement e, final Path file) {
		if (e == null || e.isJsonNull()) return 0;
		final String s = e.getAsString();
		return switch (s) {
			case "NaN" -> Double.NaN;
			case "Infinity" -> Double.POSITIVE_INFINITY;
			case "-Infinity" -> Double.NEGATIVE_INFINITY;
			default -> {
				try {
					yield Double.parseDouble(s);
				}
				catch (final NumberFormatException x) {
					throw new IllegalArgumentException(file + ": fill_value " + e + " is not a number");
				}
			}
		};
	}

	/** The file of the chunk (or of the shard holding it) at grid position {@code pos} (x first, in inner chunks). */
	Path path(final Path dir, final long[] pos) {
		final long[] p = pos.clone();
		if (perShard != null) for (int d = 0; d < p.length; d++) p[d] = pos[d] / perShard[d];
		final StringBuilder key = new StringBuilder(prefix == null ? "" : prefix);
		for (int d = p.length - 1; d >= 0; d--) {
			if (key.length() > 0) key.append(separator);
			key.append(p[d]);
		}
		return dir.resolve(key.toString());
	}

	/**
	 * The raw (decoded) bytes of the chunk at {@code pos}, {@code expected} of them,
	 * or null for a chunk never written.
	 */
	byte[] chunk(final Path dir, final long[] pos, final int expected) throws IOException {
		final Path file = path(dir, pos);
		if (!Files.exists(file)) return null;
		final byte[] all = Files.readAllBytes(file);
		if (perShard == null) return decode(all, codecs, expected);
		// the shard's index: (offset, length) as little-endian uint64 per inner chunk, in C order
		int n = 1;
		for (final int k : perShard) n *= k;
		final int indexBytes = 16 * n + (indexCrc ? 4 : 0);
		if (all.length < indexBytes) throw new IOException("shard of " + all.length + " bytes is shorter than its index (" + indexBytes + ")");
		final int indexAt = indexAtStart ? 0 : all.length - indexBytes;
		if (indexCrc) checkCrc(all, indexAt, 16 * n, "shard index");
		int flat = 0;
		for (int d = perShard.length - 1; d >= 0; d--) flat = flat * perShard[d] + (int) (pos[d] % perShard[d]);
		final ByteBuffer index = ByteBuffer.wrap(all, indexAt, 16 * n).order(ByteOrder.LITTLE_ENDIAN);
		final long offset = index.getLong(indexAt + 16 * flat), length = index.getLong(indexAt + 16 * flat + 8);
		if (offset == -1 && length == -1) return null;
		if (offset < 0 || length < 0 || offset + length > all.length) throw new IOException("inner chunk " + flat + " lies outside its shard (" +
			all.length + " bytes; cut short?)");
		return decode(Arrays.copyOfRange(all, (int) offset, (int) (offset + length)), innerCodecs, expected);
	}

	/** Undoes bytes-to-bytes codecs, the last applied first. */
	private byte[] decode(byte[] data, final List<String> chain, final int expected) throws IOException {
		for (int i = chain.size() - 1; i >= 0; i--) {
			data = switch (chain.get(i)) {
				case "crc32c" -> {
					if (data.length < 4) throw new IOException("too short for its CRC-32C");
					checkCrc(data, 0, data.length - 4, "chunk");
					yield Arrays.copyOf(data, data.length - 4);
				}
				case "gzip" -> {
					if (i == 0) yield Codecs.decompress(Codecs.Compressor.GZIP, data, expected);
					try (java.util.zip.GZIPInputStream g = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
						yield g.readAllBytes();
					}
				}
				case "blosc" -> Codecs.blosc(data, i == 0 ? expected : ByteBuffer.wrap(data, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
				case "zstd" -> {
					final long size = ZstdDecompressor.getDecompressedSize(data, 0, data.length);
					yield Codecs.decompress(Codecs.Compressor.ZSTD, data, i == 0 ? expected : (int) size);
				}
				default -> throw new IOException("codec " + chain.get(i));
			};
		}
		return data;
	}

	private static void checkCrc(final byte[] data, final int off, final int len, final String what) throws IOException {
		final CRC32C crc = new CRC32C();
		crc.update(data, off, len);
		final int stored = ByteBuffer.wrap(data, off + len, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(off + len);
		if ((int) crc.getValue() != stored) throw new IOException(what + " fails its CRC-32C check (corrupt)");
	}

	private static long[] reversed(final JsonArray a) {
		final long[] out = new long[a.size()];
		for (int i = 0; i < out.length; i++) out[out.length - 1 - i] = a.get(i).getAsLong();
		return out;
	}

	private static int[] ints(final long[] a) {
		final int[] out = new int[a.length];
		for (int i = 0; i < a.length; i++) out[i] = Math.toIntExact(a[i]);
		return out;
	}
}
