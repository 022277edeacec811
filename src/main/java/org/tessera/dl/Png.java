package org.tessera.dl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Writes 8-bit RGB PNG images (for the cover images of model packages) without AWT. */
public final class Png {

	private Png() {
		// static utility
	}

	/**
	 * The bytes of a PNG of {@code width x height} pixels.
	 *
	 * @param rgb one int per pixel, row by row, {@code 0xRRGGBB}
	 */
	public static byte[] rgb(final int[] rgb, final int width, final int height) {
		if (width < 1 || height < 1 || rgb.length != width * height) throw new IllegalArgumentException("expected " + width + " x " + height +
			" pixels, got " + rgb.length);
		try {
			final ByteArrayOutputStream raw = new ByteArrayOutputStream();
			try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
				final byte[] row = new byte[1 + 3 * width];
				for (int y = 0; y < height; y++) {
					row[0] = 0; // filter: none
					for (int x = 0; x < width; x++) {
						final int p = rgb[y * width + x];
						row[1 + 3 * x] = (byte) (p >> 16);
						row[2 + 3 * x] = (byte) (p >> 8);
						row[3 + 3 * x] = (byte) p;
					}
					z.write(row);
				}
			}
			final ByteArrayOutputStream png = new ByteArrayOutputStream();
			png.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
			chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put(
				(byte) 0).array());
			chunk(png, "IDAT", raw.toByteArray());
			chunk(png, "IEND", new byte[0]);
			return png.toByteArray();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e); // in-memory streams do not fail
		}
	}

	private static void chunk(final ByteArrayOutputStream out, final String type, final byte[] data) throws IOException {
		final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		out.write(ByteBuffer.allocate(4).putInt(data.length).array());
		out.write(t);
		out.write(data);
		final CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}
}
