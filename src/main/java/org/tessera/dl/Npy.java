package org.tessera.dl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0) for float32 arrays in C order, as
 * bioimage.io model packages store their test tensors.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private Npy() {
		// static utility
	}

	/** A float32 array and its shape (C order: the last axis fastest). */
	public record Array(float[] data, long[] shape) {

		/** Checks that the shape holds the data. */
		public Array {
			if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(
				shape) + " does not hold " + data.length + " values");
		}
	}

	/** The bytes of a {@code .npy} file holding the values as little-endian float32 in C order. */
	public static byte[] write(final float[] data, final long... shape) {
		new Array(data, shape);
		final StringBuilder dims = new StringBuilder();
		for (final long d : shape) dims.append(d).append(", ");
		if (shape.length > 1) dims.setLength(dims.length() - 2);
		String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }";
		// magic (6) + version (2) + header length (2) + header + newline, padded with spaces to a multiple of 64
		final int unpadded = MAGIC.length + 4 + header.length() + 1;
		header += " ".repeat((64 - unpadded % 64) % 64) + "\n";
		final byte[] h = header.getBytes(StandardCharsets.US_ASCII);
		final ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
		for (final float v : data) b.putFloat(v);
		return b.array();
	}

	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])f4'");
	private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	/**
	 * Reads a {@code .npy} file of float32 values in C order (either byte order).
	 *
	 * @throws IllegalArgumentException with one line when it is not such a file, or is cut short
	 */
	public static Array read(final byte[] bytes) {
		if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) throw new IllegalArgumentException(
			"not a .npy file (no \\x93NUMPY magic)");
		final int major = bytes[6];
		final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		final int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
		final int start = major == 1 ? 10 : 12;
		if (start + headerLength > bytes.length) throw new IllegalArgumentException(".npy header is cut short");
		final String header = new String(bytes, start, headerLength, StandardCharsets.US_ASCII);
		final Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
		if (!d.find()) throw new IllegalArgumentException(".npy: only float32 ('f4') arrays are read, header: " + header.strip());
		if (!o.find() || o.group(1).equals("True")) throw new IllegalArgumentException(".npy: only C-order arrays are read");
		if (!s.find()) throw new IllegalArgumentException(".npy: no shape in the header: " + header.strip());
		final long[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong)
			.toArray();
		final long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
		final int offset = start + headerLength;
		if (offset + 4 * n > bytes.length) throw new IllegalArgumentException(".npy: " + n + " values in the header, but the data holds only " +
			(bytes.length - offset) / 4);
		final ByteBuffer data = ByteBuffer.wrap(bytes, offset, (int) (4 * n)).order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN
			: ByteOrder.LITTLE_ENDIAN);
		final float[] values = new float[(int) n];
		data.asFloatBuffer().get(values);
		return new Array(values, shape);
	}
}
