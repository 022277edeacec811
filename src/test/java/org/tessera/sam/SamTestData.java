package org.tessera.sam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The test models made by {@code scripts/sam/make_test_model.py} and what the tests
 * know about them: the fixed model's expected masks (computed there with
 * PyTorch's own interpolation) and the image-following model's test image.
 */
public final class SamTestData {

	static final Path DIR = Path.of("src/test/resources/org/tessera/sam");
	static final Path FIXED = DIR.resolve("fixed.onnx");
	public static final Path FOLLOW = DIR.resolve("follow.onnx");
	static final Path FOLLOW_DYNAMIC = DIR.resolve("follow-dynamic.onnx");

	private SamTestData() {}

	/** One expected mask of the fixed model, on its 256 x 256 test image. */
	record Expected(String name, double score, Box box, boolean[] mask) {

		int area() {
			int n = 0;
			for (final boolean b : mask)
				if (b) n++;
			return n;
		}
	}

	static final int FIXED_SIZE = 256;

	/** {@code fixed-expected.txt}: the kept detections by decreasing score. */
	static List<Expected> fixedExpected() {
		final List<Expected> out = new ArrayList<>();
		try {
			String name = null;
			double score = 0;
			Box box = null;
			boolean[] mask = null;
			for (final String line : Files.readAllLines(DIR.resolve("fixed-expected.txt"))) {
				final String[] w = line.strip().split(" ");
				switch (w[0]) {
					case "image" -> {
						if (Integer.parseInt(w[1]) != FIXED_SIZE || Integer.parseInt(w[2]) != FIXED_SIZE) throw new IllegalStateException(line);
					}
					case "detection" -> {
						if (name != null) out.add(new Expected(name, score, box, mask));
						name = w[1];
						score = Double.parseDouble(w[2]);
						box = new Box(Double.parseDouble(w[3]), Double.parseDouble(w[4]), Double.parseDouble(w[5]), Double.parseDouble(w[6]));
						mask = new boolean[FIXED_SIZE * FIXED_SIZE];
					}
					case "run" -> {
						final int y = Integer.parseInt(w[1]);
						for (int x = Integer.parseInt(w[2]); x < Integer.parseInt(w[3]); x++) mask[y * FIXED_SIZE + x] = true;
					}
					default -> throw new IllegalStateException(line);
				}
			}
			out.add(new Expected(name, score, box, mask));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}

	/** The image-following model's test image: 300 x 200, background 20, objects 200, seeded noise of +-10. */
	public static final int FOLLOW_W = 300, FOLLOW_H = 200;

	/** Object {@code k} (0, 1, 2) of the test image, as in make_test_model.py: two rectangles and a disc. */
	public static boolean inObject(final int k, final int x, final int y) {
		return switch (k) {
			case 0 -> x >= 30 && x < 110 && y >= 40 && y < 110;
			case 1 -> sq(x + 0.5 - 200) + sq(y + 0.5 - 120) <= 45 * 45;
			case 2 -> x >= 250 && x < 290 && y >= 15 && y < 55;
			default -> throw new IllegalArgumentException("object " + k);
		};
	}

	/** The boxes make_test_model.py gives the objects (image pixels). */
	public static final Box[] FOLLOW_BOXES = { new Box(24, 34, 116, 116), new Box(149, 69, 251, 171), new Box(244, 9, 296, 61) };
	static final double[] FOLLOW_SCORES = { 0.95, 0.90, 0.80 };

	private static double sq(final double v) {
		return v * v;
	}

	/** The grey test image's pixels (8-bit values as floats). */
	public static float[] followImage() {
		final SplittableRandom random = new SplittableRandom(42);
		final float[] p = new float[FOLLOW_W * FOLLOW_H];
		for (int y = 0; y < FOLLOW_H; y++)
			for (int x = 0; x < FOLLOW_W; x++) {
				final boolean in = inObject(0, x, y) || inObject(1, x, y) || inObject(2, x, y);
				p[y * FOLLOW_W + x] = (in ? 200 : 20) + random.nextInt(-10, 11);
			}
		return p;
	}

	/** Object {@code k}'s pixels. */
	public static boolean[] object(final int k) {
		final boolean[] m = new boolean[FOLLOW_W * FOLLOW_H];
		for (int y = 0; y < FOLLOW_H; y++)
			for (int x = 0; x < FOLLOW_W; x++) m[y * FOLLOW_W + x] = inObject(k, x, y);
		return m;
	}

	/** A mask as an image-sized array. */
	public static boolean[] pixels(final FastSamMask m, final int width, final int height) {
		final boolean[] out = new boolean[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) out[y * width + x] = m.contains(x, y);
		return out;
	}

	public static double iou(final boolean[] a, final boolean[] b) {
		int inter = 0, union = 0;
		for (int i = 0; i < a.length; i++) {
			if (a[i] && b[i]) inter++;
			if (a[i] || b[i]) union++;
		}
		return union == 0 ? 0 : inter / (double) union;
	}
}
