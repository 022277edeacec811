package org.tessera.imagej;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * A TIFF reader for the files ImageJ's own reader cannot open: BigTIFF (past
 * 4 GB), tiled images, and strips or tiles compressed with deflate, LZW or
 * PackBits (with or without horizontal differencing). Grey pages of 8, 16 or
 * 32 bits (unsigned, signed or float) and 8-bit RGB; every page becomes a plane.
 * Strips or tiles past the end of the file are an error naming the file, never
 * zeros.
 */
final class TiffDecoder {

	private static final int NONE = 1, LZW = 5, DEFLATE = 8, DEFLATE_OLD = 32946, PACKBITS = 32773;

	/** One page (image file directory). */
	private record Page(int width, int height, int bits, int samples, int format, int compression, int predictor, int planar,
		long[] offsets, long[] counts, int rowsPerStrip, int tileWidth, int tileHeight, String description) {

		boolean tiled() {
			return tileWidth > 0;
		}
	}

	private TiffDecoder() {
		// static utility
	}

	/**
	 * Reads a TIFF as an ImagePlus (a stack of its pages).
	 *
	 * @throws IllegalArgumentException with one line naming the file and the problem
	 */
	static ImagePlus read(final Path path, final String what) {
		try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
			final List<Page> pages = pages(ch, path, what);
			final ByteOrder order = (readAt(ch, 0, 2, ByteOrder.LITTLE_ENDIAN, path, what).getShort() & 0xffff) == 0x4949 ? ByteOrder.LITTLE_ENDIAN
				: ByteOrder.BIG_ENDIAN;
			if (pages.isEmpty()) throw new IllegalArgumentException(what + ": " + path + " has no images");
			final Page first = pages.get(0);
			final ImageStack stack = new ImageStack(first.width(), first.height());
			for (final Page p : pages) {
				if (p.width() != first.width() || p.height() != first.height() || p.bits() != first.bits() || p.samples() != first.samples())
					break; // a thumbnail or another image: the first series only
				stack.addSlice(null, plane(ch, p, order, path, what));
			}
			final ImagePlus imp = new ImagePlus(path.getFileName().toString(), stack);
			imageJDimensions(imp, first.description());
			OmeTiff.apply(imp, first.description(), what + ": " + path);
			return imp;
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(what + ": cannot read " + path + " (" + e.getMessage() + ")");
		}
	}

	/** The hyperstack dimensions an ImageJ-style description gives (channels=, slices=, frames=). */
	private static void imageJDimensions(final ImagePlus imp, final String d) {
		if (d == null || !d.startsWith("ImageJ=")) return;
		final int c = field(d, "channels"), z = field(d, "slices"), t = field(d, "frames");
		if ((long) Math.max(1, c) * Math.max(1, z) * Math.max(1, t) == imp.getStackSize()) imp.setDimensions(Math.max(1, c), Math.max(1, z),
			Math.max(1, t));
	}

	private static int field(final String d, final String key) {
		for (final String line : d.split("\n"))
			if (line.startsWith(key + "=")) {
				try {
					return Integer.parseInt(line.substring(key.length() + 1).trim());
				}
				catch (final NumberFormatException e) {
					return 0;
				}
			}
		return 0;
	}

	private static ByteBuffer readAt(final FileChannel ch, final long pos, final int n, final ByteOrder order, final Path path, final String what)
		throws IOException
	{
		if (pos < 0 || pos + n > ch.size()) throw new IllegalArgumentException(what + ": " + path + " is truncated or corrupt: it needs bytes " +
			pos + " to " + (pos + n) + ", but the file has " + ch.size() + " bytes");
		final ByteBuffer b = ByteBuffer.allocate(n).order(order);
		while (b.hasRemaining()) {
			if (ch.read(b, pos + b.position()) < 0) throw new IOException("unexpected end of file");
		}
		b.flip();
		return b;
	}

	private static List<Page> pages(final FileChannel ch, final Path path, final String what) throws IOException {
		final ByteBuffer head = readAt(ch, 0, 16 > ch.size() ? (int) ch.size() : 16, ByteOrder.LITTLE_ENDIAN, path, what);
		if (head.remaining() < 8) throw new IllegalArgumentException(what + ": " + path + " is not a TIFF file");
		final int bo = head.getShort(0) & 0xffff;
		final ByteOrder order = bo == 0x4949 ? ByteOrder.LITTLE_ENDIAN : bo == 0x4d4d ? ByteOrder.BIG_ENDIAN : null;
		if (order == null) throw new IllegalArgumentException(what + ": " + path + " is not a TIFF file");
		head.order(order);
		final int magic = head.getShort(2) & 0xffff;
		final boolean big = magic == 43;
		if (magic != 42 && !big) throw new IllegalArgumentException(what + ": " + path + " is not a TIFF file");
		long ifd = big ? head.getLong(8) : head.getInt(4) & 0xffffffffL;
		final List<Page> pages = new ArrayList<>();
		while (ifd != 0 && pages.size() < 1_000_000) {
			final long n = big ? readAt(ch, ifd, 8, order, path, what).getLong() : readAt(ch, ifd, 2, order, path, what).getShort() & 0xffff;
			final int entry = big ? 20 : 12;
			final ByteBuffer e = readAt(ch, ifd + (big ? 8 : 2), (int) (n * entry) + (big ? 8 : 4), order, path, what);
			final java.util.Map<Integer, long[]> tags = new java.util.HashMap<>();
			String description = null;
			for (int i = 0; i < n; i++) {
				final int at = i * entry;
				final int tag = e.getShort(at) & 0xffff, type = e.getShort(at + 2) & 0xffff;
				final long count = big ? e.getLong(at + 4) : e.getInt(at + 4) & 0xffffffffL;
				final int size = switch (type) {
					case 1, 2, 6, 7 -> 1;
					case 3, 8 -> 2;
					case 4, 9, 11 -> 4;
					case 5, 10, 12, 16, 17, 18 -> 8;
					default -> 0;
				};
				if (size == 0 || count > Integer.MAX_VALUE / 8) continue;
				final long bytes = count * size;
				final int inline = big ? 8 : 4;
				final ByteBuffer v = bytes <= inline ? ByteBuffer.wrap(e.array(), at + (big ? 12 : 8), inline).slice().order(order) : readAt(ch,
					big ? e.getLong(at + 12) : e.getInt(at + 8) & 0xffffffffL, (int) bytes, order, path, what);
				if (type == 2) {
					final byte[] s = new byte[(int) count];
					v.get(s);
					if (tag == 270) description = new String(s, java.nio.charset.StandardCharsets.UTF_8).replace("\0", "");
					continue;
				}
				final long[] values = new long[(int) count];
				for (int k = 0; k < count; k++)
					values[k] = switch (type) {
						case 1, 7 -> v.get() & 0xff;
						case 6 -> v.get();
						case 3 -> v.getShort() & 0xffff;
						case 8 -> v.getShort();
						case 4 -> v.getInt() & 0xffffffffL;
						case 9 -> v.getInt();
						case 16, 17 -> v.getLong();
						default -> {
							v.position(v.position() + size);
							yield 0;
						}
					};
				tags.put(tag, values);
			}
			final boolean tiled = tags.containsKey(322);
			final long[] offsets = tags.get(tiled ? 324 : 273), counts = tags.get(tiled ? 325 : 279);
			if (offsets == null || counts == null || offsets.length != counts.length) throw new IllegalArgumentException(what + ": " + path +
				" has a page without complete strip or tile offsets");
			final int width = (int) first(tags, 256, 0), height = (int) first(tags, 257, 0);
			pages.add(new Page(width, height, (int) first(tags, 258, 1), (int) first(tags, 277, 1), (int) first(tags, 339, 1), (int) first(tags,
				259, 1), (int) first(tags, 317, 1), (int) first(tags, 284, 1), offsets, counts, (int) Math.min(height, first(tags, 278, height)),
				(int) first(tags, 322, 0), (int) first(tags, 323, 0), description));
			ifd = big ? e.getLong((int) (n * entry)) : e.getInt((int) (n * entry)) & 0xffffffffL;
		}
		return pages;
	}

	private static long first(final java.util.Map<Integer, long[]> tags, final int tag, final long otherwise) {
		final long[] v = tags.get(tag);
		return v == null || v.length == 0 ? otherwise : v[0];
	}

	/** One page's pixels as an ImageJ processor. */
	private static ImageProcessor plane(final FileChannel ch, final Page p, final ByteOrder order, final Path path, final String what)
		throws IOException
	{
		final boolean rgb = p.samples() == 3 && p.bits() == 8;
		if (p.samples() != 1 && !rgb) throw new IllegalArgumentException(what + ": " + path + " has " + p.samples() + " samples of " + p.bits() +
			" bits per pixel; Tessera reads grey images and 8-bit RGB");
		if (p.planar() == 2 && p.samples() > 1) throw new IllegalArgumentException(what + ": " + path + " stores its colours in separate planes (PlanarConfiguration 2), which Tessera does not read");
		if (p.bits() != 8 && p.bits() != 16 && p.bits() != 32) throw new IllegalArgumentException(what + ": " + path + " has " + p.bits() +
			"-bit samples; Tessera reads 8, 16 and 32 bits");
		if (p.predictor() == 3) throw new IllegalArgumentException(what + ": " + path + " uses the floating-point predictor, which Tessera does not read");
		final int bpp = p.bits() / 8 * p.samples();
		final int w = p.width(), h = p.height();
		final byte[] raw = new byte[Math.multiplyExact(Math.multiplyExact(w, h), bpp)];
		final int blockW = p.tiled() ? p.tileWidth() : w, blockH = p.tiled() ? p.tileHeight() : p.rowsPerStrip();
		final int across = (w + blockW - 1) / blockW;
		for (int b = 0; b < p.offsets().length; b++) {
			final int bx = (b % across) * blockW, by = (b / across) * blockH;
			if (by >= h) break;
			final int rows = p.tiled() ? blockH : Math.min(blockH, h - by);
			final byte[] block = decompress(p, readAt(ch, p.offsets()[b], (int) p.counts()[b], ByteOrder.BIG_ENDIAN, path, what).array(), blockW *
				rows * bpp, path, what);
			if (p.predictor() == 2) undifference(block, blockW, rows, p.bits(), p.samples(), order);
			final int copyW = Math.min(blockW, w - bx);
			for (int y = 0; y < rows && by + y < h; y++)
				System.arraycopy(block, y * blockW * bpp, raw, ((by + y) * w + bx) * bpp, copyW * bpp);
		}
		final ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
		final int n = w * h;
		if (rgb) {
			final int[] px = new int[n];
			for (int i = 0; i < n; i++) px[i] = (raw[3 * i] & 0xff) << 16 | (raw[3 * i + 1] & 0xff) << 8 | raw[3 * i + 2] & 0xff;
			return new ColorProcessor(w, h, px);
		}
		if (p.bits() == 8 && p.format() != 2) return new ByteProcessor(w, h, raw);
		if (p.bits() == 16 && p.format() == 1) {
			final short[] s = new short[n];
			buf.asShortBuffer().get(s);
			return new ShortProcessor(w, h, s, null);
		}
		final float[] f = new float[n];
		for (int i = 0; i < n; i++)
			f[i] = switch (p.bits()) {
				case 8 -> buf.get(i);
				case 16 -> buf.getShort(2 * i);
				default -> p.format() == 3 ? buf.getFloat(4 * i) : p.format() == 2 ? buf.getInt(4 * i) : buf.getInt(4 * i) & 0xffffffffL;
			};
		return new FloatProcessor(w, h, f);
	}

	/** Undoes horizontal differencing (predictor 2), sample by sample along each row, in the file's byte order. */
	private static void undifference(final byte[] block, final int width, final int rows, final int bits, final int samples,
		final ByteOrder order)
	{
		final ByteBuffer b = ByteBuffer.wrap(block).order(order);
		final int bytes = bits / 8, stride = samples;
		for (int y = 0; y < rows; y++) {
			final int row = y * width * samples;
			for (int x = stride; x < width * samples; x++) {
				final int i = row + x, prev = i - stride;
				switch (bytes) {
					case 1 -> block[i] = (byte) (block[i] + block[prev]);
					case 2 -> b.putShort(2 * i, (short) (b.getShort(2 * i) + b.getShort(2 * prev)));
					default -> b.putInt(4 * i, b.getInt(4 * i) + b.getInt(4 * prev));
				}
			}
		}
	}

	private static byte[] decompress(final Page p, final byte[] in, final int expected, final Path path, final String what) {
		try {
			final byte[] out = switch (p.compression()) {
				case NONE -> in;
				case DEFLATE, DEFLATE_OLD -> inflate(in, expected);
				case PACKBITS -> packbits(in, expected);
				case LZW -> lzw(in, expected);
				default -> throw new IllegalArgumentException(what + ": " + path + " uses TIFF compression " + p.compression() +
					"; Tessera reads none, deflate, LZW and PackBits");
			};
			if (out.length < expected) throw new IOException("a strip or tile decompressed to " + out.length + " bytes, expected " + expected);
			return out;
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(what + ": " + path + " is corrupt (" + e.getMessage() + ")");
		}
	}

	private static byte[] inflate(final byte[] in, final int expected) throws IOException {
		final Inflater inf = new Inflater();
		try {
			inf.setInput(in);
			final byte[] out = new byte[expected];
			int n = 0;
			while (n < expected && !inf.finished()) {
				final int k = inf.inflate(out, n, expected - n);
				if (k == 0 && inf.needsInput()) break;
				n += k;
			}
			return n == expected ? out : java.util.Arrays.copyOf(out, n);
		}
		catch (final DataFormatException e) {
			throw new IOException("corrupt deflate data: " + e.getMessage(), e);
		}
		finally {
			inf.end();
		}
	}

	/** PackBits: a header byte n in 0..127 copies n + 1 bytes, -127..-1 repeats the next byte 1 - n times, -128 is nothing. */
	private static byte[] packbits(final byte[] in, final int expected) {
		final byte[] out = new byte[expected];
		int ip = 0, op = 0;
		while (ip < in.length && op < expected) {
			final int n = in[ip++];
			if (n >= 0) {
				final int k = Math.min(n + 1, Math.min(expected - op, in.length - ip));
				System.arraycopy(in, ip, out, op, k);
				ip += n + 1;
				op += k;
			}
			else if (n != -128 && ip < in.length) {
				final byte v = in[ip++];
				for (int k = 0; k < 1 - n && op < expected; k++) out[op++] = v;
			}
		}
		return op == expected ? out : java.util.Arrays.copyOf(out, op);
	}

	/** TIFF's LZW: codes of 9 to 12 bits, most significant bit first, 256 clears, 257 ends, the code width grows one code early. */
	private static byte[] lzw(final byte[] in, final int expected) {
		final byte[] out = new byte[expected];
		final byte[][] table = new byte[4096][];
		for (int i = 0; i < 256; i++) table[i] = new byte[] { (byte) i };
		int next = 258, width = 9, op = 0;
		long bitBuf = 0;
		int bits = 0, ip = 0;
		byte[] prev = null;
		while (op < expected) {
			while (bits < width && ip < in.length) {
				bitBuf = bitBuf << 8 | in[ip++] & 0xff;
				bits += 8;
			}
			if (bits < width) break;
			final int code = (int) (bitBuf >>> (bits - width)) & (1 << width) - 1;
			bits -= width;
			if (code == 257) break;
			if (code == 256) {
				next = 258;
				width = 9;
				prev = null;
				continue;
			}
			final byte[] entry;
			if (code < next && table[code] != null) entry = table[code];
			else if (code == next && prev != null) {
				entry = java.util.Arrays.copyOf(prev, prev.length + 1);
				entry[prev.length] = prev[0];
			}
			else break; // corrupt: the caller reports the short result
			final int k = Math.min(entry.length, expected - op);
			System.arraycopy(entry, 0, out, op, k);
			op += k;
			if (prev != null && next < 4096) {
				final byte[] add = java.util.Arrays.copyOf(prev, prev.length + 1);
				add[prev.length] = entry[0];
				table[next++] = add;
			}
			prev = entry;
			if (next + 1 >= 1 << width && width < 12) width++;
		}
		return op == expected ? out : java.util.Arrays.copyOf(out, op);
	}
}
