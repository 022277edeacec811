package org.tessera.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * Decompressors of the codecs Zarr arrays use, in pure Java: Blosc (its
 * container with byte shuffle and the blosclz, lz4, lz4hc, snappy, zlib and
 * zstd codecs inside; bit shuffle is refused), Zstandard, zlib and gzip. Each
 * returns exactly the bytes expected or throws: a short or corrupt chunk is
 * never read as zeros.
 */
final class Codecs {

	private Codecs() {
		// static utility
	}

	/** A Zarr v2 compressor by its numcodecs id. */
	enum Compressor {
		NONE, ZLIB, GZIP, BLOSC, ZSTD;

		static Compressor of(final String id) {
			return switch (id) {
				case "zlib" -> ZLIB;
				case "gzip" -> GZIP;
				case "blosc" -> BLOSC;
				case "zstd" -> ZSTD;
				default -> throw new IllegalArgumentException("unsupported Zarr compressor '" + id +
					"'; Tessera reads none, blosc, zstd, zlib and gzip");
			};
		}
	}

	/** The decompressed bytes of a chunk, exactly {@code expected} of them (an uncompressed chunk as it is). */
	static byte[] decompress(final Compressor c, final byte[] in, final int expected) throws IOException {
		final byte[] out = switch (c) {
			case NONE -> in;
			case ZLIB -> inflate(in, 0, in.length, expected, false);
			case GZIP -> gunzip(in, expected);
			case ZSTD -> zstd(in, 0, in.length, expected);
			case BLOSC -> blosc(in, expected);
		};
		if (c != Compressor.NONE && out.length != expected) throw new IOException("decompressed to " + out.length + " bytes, expected " +
			expected);
		return out; // uncompressed chunks: the caller says whether they are cut short
	}

	private static byte[] gunzip(final byte[] in, final int expected) throws IOException {
		try (java.util.zip.GZIPInputStream g = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
			return g.readNBytes(expected);
		}
	}

	/** zlib (with its header) or raw deflate data. */
	private static byte[] inflate(final byte[] in, final int off, final int len, final int expected, final boolean raw) throws IOException {
		final Inflater inf = new Inflater(raw);
		try {
			inf.setInput(in, off, len);
			final byte[] out = new byte[expected];
			int n = 0;
			while (n < expected && !inf.finished()) {
				final int k = inf.inflate(out, n, expected - n);
				if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
				n += k;
			}
			if (n != expected) throw new IOException("zlib data decompressed to " + n + " bytes, expected " + expected);
			return out;
		}
		catch (final DataFormatException e) {
			throw new IOException("corrupt zlib data: " + e.getMessage(), e);
		}
		finally {
			inf.end();
		}
	}

	private static byte[] zstd(final byte[] in, final int off, final int len, final int expected) throws IOException {
		final byte[] out = new byte[expected];
		try {
			final int n = new ZstdDecompressor().decompress(in, off, len, out, 0, expected);
			if (n != expected) throw new IOException("zstd data decompressed to " + n + " bytes, expected " + expected);
		}
		catch (final MalformedInputException | IllegalArgumentException e) {
			throw new IOException("corrupt zstd data: " + e.getMessage(), e);
		}
		return out;
	}

	// ------------------------------------------------------------------ Blosc (format version 2, as c-blosc 1.x writes it)

	private static final int FLAG_SHUFFLE = 0x01, FLAG_MEMCPYED = 0x02, FLAG_BITSHUFFLE = 0x04, FLAG_DONT_SPLIT = 0x10;

	/** The most streams a block is split into, and the fewest elements per stream, for splitting to happen. */
	private static final int MAX_SPLITS = 16, MIN_BUFFERSIZE = 128;

	/**
	 * A Blosc buffer: a 16-byte header (version, codec version, flags, type size,
	 * uncompressed size, block size, compressed size), block offsets, and per
	 * block one or (split by byte of the type) several compressed streams, each
	 * preceded by its length; a stream as long as its uncompressed size is stored
	 * as is. Blocks are byte-unshuffled afterwards when the shuffle flag is set.
	 */
	static byte[] blosc(final byte[] in, final int expected) throws IOException {
		if (in.length < 16) throw new IOException("Blosc buffer of " + in.length + " bytes is shorter than its header");
		final ByteBuffer h = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
		final int flags = in[2] & 0xff, typesize = Math.max(1, in[3] & 0xff);
		final int nbytes = h.getInt(4), blocksize = h.getInt(8), cbytes = h.getInt(12);
		if (nbytes != expected) throw new IOException("Blosc buffer holds " + nbytes + " bytes, expected " + expected);
		if (cbytes != in.length) throw new IOException("Blosc buffer is " + in.length + " bytes, its header says " + cbytes + " (cut short?)");
		if ((flags & 0x08) != 0) throw new IOException("Blosc buffer with unknown flags " + flags);
		final byte[] out = new byte[nbytes];
		if (nbytes == 0) return out;
		if ((flags & FLAG_MEMCPYED) != 0) {
			if (in.length - 16 < nbytes) throw new IOException("Blosc buffer is cut short");
			System.arraycopy(in, 16, out, 0, nbytes);
			return out;
		}
		if ((flags & FLAG_BITSHUFFLE) != 0 && typesize > 1)
			throw new IOException("Blosc bit shuffle is not supported; write the array with shuffle=SHUFFLE or NOSHUFFLE");
		if (blocksize <= 0) throw new IOException("Blosc block size " + blocksize);
		final int codec = flags >>> 5;
		final boolean shuffle = (flags & FLAG_SHUFFLE) != 0 && typesize > 1;
		final boolean dontSplit = (flags & FLAG_DONT_SPLIT) != 0;
		final int nblocks = (nbytes + blocksize - 1) / blocksize;
		if (16 + 4L * nblocks > in.length) throw new IOException("Blosc buffer is cut short");
		final byte[] tmp = new byte[blocksize];
		for (int b = 0; b < nblocks; b++) {
			final int bsize = Math.min(blocksize, nbytes - b * blocksize);
			final boolean leftover = bsize < blocksize;
			final int splits = !dontSplit && typesize <= MAX_SPLITS && blocksize / typesize >= MIN_BUFFERSIZE && !leftover ? typesize : 1;
			final int neblock = bsize / splits;
			int src = h.getInt(16 + 4 * b);
			final byte[] target = shuffle ? tmp : out;
			int at = shuffle ? 0 : b * blocksize;
			for (int s = 0; s < splits; s++) {
				if (src < 0 || src + 4 > in.length) throw new IOException("Blosc block " + b + " lies outside the buffer");
				final int len = h.getInt(src);
				src += 4;
				if (len < 0 || src + len > in.length) throw new IOException("Blosc block " + b + " is cut short");
				if (len == neblock) System.arraycopy(in, src, target, at, neblock);
				else decode(codec, in, src, len, target, at, neblock);
				src += len;
				at += neblock;
			}
			if (shuffle) unshuffle(tmp, bsize, typesize, out, b * blocksize);
		}
		return out;
	}

	/** One compressed stream into exactly {@code n} bytes at {@code out[at]}. */
	private static void decode(final int codec, final byte[] in, final int off, final int len, final byte[] out, final int at, final int n)
		throws IOException
	{
		try {
			final int got = switch (codec) {
				case 0 -> blosclz(in, off, len, out, at, n);
				case 1 -> new Lz4Decompressor().decompress(in, off, len, out, at, n);
				case 2 -> new SnappyDecompressor().decompress(in, off, len, out, at, n);
				case 3 -> {
					final byte[] d = inflate(in, off, len, n, false);
					System.arraycopy(d, 0, out, at, n);
					yield n;
				}
				case 4 -> new ZstdDecompressor().decompress(in, off, len, out, at, n);
				default -> throw new IOException("Blosc codec " + codec + " is not known");
			};
			if (got != n) throw new IOException("a Blosc stream decompressed to " + got + " bytes, expected " + n);
		}
		catch (final MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
			throw new IOException("corrupt Blosc stream: " + e.getMessage(), e);
		}
	}

	/** Byte unshuffle: the shuffled block holds byte j of every element together; the tail shorter than an element is copied. */
	static void unshuffle(final byte[] src, final int size, final int typesize, final byte[] dest, final int at) {
		final int elements = size / typesize;
		for (int j = 0; j < typesize; j++)
			for (int i = 0; i < elements; i++) dest[at + i * typesize + j] = src[j * elements + i];
		final int tail = elements * typesize;
		System.arraycopy(src, tail, dest, at + tail, size - tail);
	}

	/** The longest distance of a blosclz match with a one-byte distance extension. */
	private static final int MAX_DISTANCE = 8191;

	/**
	 * BloscLZ, a FastLZ-like LZ77 format: a control byte below 32 starts a run of
	 * (control + 1) literals; otherwise its top three bits give the match length
	 * (7 means more length bytes follow, each adding up to 255, a byte below 255
	 * ending them) and its low five bits with the next byte the distance, which a
	 * 0xff byte extends by two more bytes for distances past {@value #MAX_DISTANCE}.
	 *
	 * @return the number of bytes written
	 */
	static int blosclz(final byte[] in, final int off, final int len, final byte[] out, final int at, final int n) throws IOException {
		int ip = off, op = at;
		final int ipEnd = off + len, opEnd = at + n;
		if (len == 0) return 0;
		int ctrl = in[ip++] & 31;
		while (true) {
			if (ctrl >= 32) {
				int length = (ctrl >> 5) - 1;
				int ofs = (ctrl & 31) << 8;
				int code;
				if (length == 7 - 1) {
					do {
						if (ip >= ipEnd) throw new IOException("BloscLZ data cut short");
						code = in[ip++] & 0xff;
						length += code;
					}
					while (code == 255);
				}
				if (ip >= ipEnd) throw new IOException("BloscLZ data cut short");
				code = in[ip++] & 0xff;
				length += 3;
				int ref = op - ofs - code;
				if (code == 255 && ofs == (31 << 8)) {
					if (ip + 2 > ipEnd) throw new IOException("BloscLZ data cut short");
					ofs = (in[ip++] & 0xff) << 8;
					ofs += in[ip++] & 0xff;
					ref = op - ofs - MAX_DISTANCE;
				}
				ref--;
				if (ref < at || op + length > opEnd) throw new IOException("corrupt BloscLZ data");
				for (int k = 0; k < length; k++) out[op++] = out[ref++];
			}
			else {
				ctrl++;
				if (op + ctrl > opEnd || ip + ctrl > ipEnd) throw new IOException("corrupt BloscLZ data");
				System.arraycopy(in, ip, out, op, ctrl);
				ip += ctrl;
				op += ctrl;
			}
			if (ip >= ipEnd) break;
			ctrl = in[ip++] & 0xff;
		}
		return op - at;
	}
}
