package org.tessera.sam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tessera.core.TaskMonitor;

/**
 * Turns a network's {@link FastSamOutput} into masks in image pixels, as
 * Ultralytics' YOLOv8-seg post-processing does (one class):
 * <ol>
 * <li>candidates with confidence {@code >= confidence} (default 0.4);</li>
 * <li>greedy non-maximum suppression: by decreasing confidence (ties: tensor
 * order), a candidate is dropped when its box's IoU with a kept box is
 * {@code > iou} (default 0.9); at most {@code maxDetections} (100) are kept;</li>
 * <li>each kept candidate's mask is {@code sigmoid(coefficients . prototypes)},
 * interpolated bilinearly (half-pixel centres, like PyTorch's
 * {@code align_corners=False}) at the position that each image pixel's centre
 * has in the letterboxed input, kept where the pixel centre lies in the box
 * and the value is {@code > 0.5}. On an image that is the input's size this is
 * exactly "upsample to the input, crop to the box, threshold 0.5"; on other
 * images the upsampled mask is read at the image's own pixels, so the letterbox
 * is undone without a second resampling of a binary mask.</li>
 * </ol>
 * Only kept candidates get masks, and only inside their boxes: the sigmoid is
 * computed on the prototype cells under the box. Masks with no pixel in the image
 * (boxes in the letterbox padding) are dropped.
 */
public final class FastSamDecoder {

	/** Ultralytics' default confidence threshold for FastSAM. */
	public static final double DEFAULT_CONFIDENCE = 0.4;
	/** Ultralytics' default NMS IoU threshold for FastSAM. */
	public static final double DEFAULT_IOU = 0.9;
	/** Ultralytics' default largest number of detections. */
	public static final int DEFAULT_MAX_DETECTIONS = 100;

	private final double confidence;
	private final double iou;
	private final int maxDetections;

	/** The defaults: confidence 0.4, IoU 0.9, 100 detections. */
	public FastSamDecoder() {
		this(DEFAULT_CONFIDENCE, DEFAULT_IOU, DEFAULT_MAX_DETECTIONS);
	}

	private FastSamDecoder(final double confidence, final double iou, final int maxDetections) {
		if (!(confidence >= 0 && confidence <= 1))
			throw new IllegalArgumentException("conf: expected a number in [0, 1], got " + confidence);
		if (!(iou >= 0 && iou <= 1))
			throw new IllegalArgumentException("iou: expected a number in [0, 1], got " + iou);
		if (maxDetections < 1)
			throw new IllegalArgumentException("max detections must be positive, got " + maxDetections);
		this.confidence = confidence;
		this.iou = iou;
		this.maxDetections = maxDetections;
	}

	/** With this confidence threshold (candidates need {@code >=} it). */
	public FastSamDecoder withConfidence(final double c) {
		return new FastSamDecoder(c, iou, maxDetections);
	}

	/** With this NMS threshold (a box overlapping a kept one by IoU {@code >} it is dropped). */
	public FastSamDecoder withIou(final double t) {
		return new FastSamDecoder(confidence, t, maxDetections);
	}

	/** With at most this many detections. */
	public FastSamDecoder withMaxDetections(final int n) {
		return new FastSamDecoder(confidence, iou, n);
	}

	public double confidence() {
		return confidence;
	}

	public double iou() {
		return iou;
	}

	public int maxDetections() {
		return maxDetections;
	}

	/**
	 * The candidates that survive the confidence threshold and NMS, by decreasing
	 * confidence (ties: tensor order), at most {@link #maxDetections()}.
	 */
	public int[] select(final FastSamOutput out) {
		final float threshold = (float) confidence;
		int n = 0;
		final int[] candidates = new int[out.count()];
		for (int i = 0; i < out.count(); i++)
			if (out.confidence(i) >= threshold) candidates[n++] = i;
		final Integer[] order = new Integer[n];
		for (int k = 0; k < n; k++) order[k] = candidates[k];
		// stable: equal confidences keep the tensor's order
		Arrays.sort(order, (a, b) -> Float.compare(out.confidence(b), out.confidence(a)));
		final List<Box> keptBoxes = new ArrayList<>();
		final int[] kept = new int[Math.min(n, maxDetections)];
		int k = 0;
		for (int c = 0; c < n && k < kept.length; c++) {
			final Box box = out.box(order[c]);
			boolean suppressed = false;
			for (final Box other : keptBoxes)
				if (box.iou(other) > iou) {
					suppressed = true;
					break;
				}
			if (suppressed) continue;
			keptBoxes.add(box);
			kept[k++] = order[c];
		}
		return Arrays.copyOf(kept, k);
	}

	/**
	 * The masks of the {@link #select selected} candidates in image pixels, by decreasing
	 * confidence; masks with no pixel in the image are left out.
	 *
	 * @param letterbox how the image went into the network's input
	 */
	public List<FastSamMask> decode(final FastSamOutput out, final Letterbox letterbox, final TaskMonitor monitor) {
		final int[] kept = select(out);
		final List<FastSamMask> masks = new ArrayList<>();
		for (int k = 0; k < kept.length; k++) {
			monitor.checkCancelled();
			final FastSamMask m = mask(out, kept[k], letterbox);
			if (m.area() > 0) masks.add(m);
			monitor.progress(k + 1, kept.length);
		}
		return masks;
	}

	/** Candidate {@code i}'s mask in image pixels (see the class description). */
	public static FastSamMask mask(final FastSamOutput out, final int i, final Letterbox letterbox) {
		final Box box = letterbox.toImage(out.box(i)).clip(letterbox.width(), letterbox.height());
		final int left = Math.max(0, box.firstColumn()), right = Math.min(letterbox.width(), box.endColumn());
		final int top = Math.max(0, box.firstRow()), bottom = Math.min(letterbox.height(), box.endRow());
		final int w = Math.max(0, right - left), h = Math.max(0, bottom - top);
		final boolean[] bits = new boolean[w * h];
		if (w == 0 || h == 0) return new FastSamMask(out.confidence(i), box, left, top, w, h, bits);
		final int pw = out.protoWidth(), ph = out.protoHeight();
		// where each column and row of the box reads the prototype grid
		final int[] x0 = new int[w], x1 = new int[w], y0 = new int[h], y1 = new int[h];
		final double[] tx = new double[w], ty = new double[h];
		final double gx = pw / (double) letterbox.inputWidth(), gy = ph / (double) letterbox.inputHeight();
		for (int u = 0; u < w; u++) {
			final double f = clamp(letterbox.toInputX(left + u + 0.5) * gx - 0.5, pw - 1);
			x0[u] = (int) Math.floor(f);
			x1[u] = Math.min(x0[u] + 1, pw - 1);
			tx[u] = f - x0[u];
		}
		for (int v = 0; v < h; v++) {
			final double f = clamp(letterbox.toInputY(top + v + 0.5) * gy - 0.5, ph - 1);
			y0[v] = (int) Math.floor(f);
			y1[v] = Math.min(y0[v] + 1, ph - 1);
			ty[v] = f - y0[v];
		}
		// sigmoid(coefficients . prototypes) on the cells under the box only
		final int cx0 = x0[0], cx1 = x1[w - 1], cy0 = y0[0], cy1 = y1[h - 1];
		final int cw = cx1 - cx0 + 1, ch = cy1 - cy0 + 1;
		final float[] logits = new float[cw * ch];
		final float[] protos = out.prototypes();
		for (int k = 0; k < out.prototypeCount(); k++) {
			final float c = out.coefficient(i, k);
			if (c == 0) continue;
			for (int y = 0; y < ch; y++) {
				final int src = (k * ph + cy0 + y) * pw + cx0, dst = y * cw;
				for (int x = 0; x < cw; x++)
					logits[dst + x] += c * protos[src + x];
			}
		}
		final float[] s = new float[logits.length];
		for (int j = 0; j < s.length; j++)
			s[j] = (float) (1 / (1 + Math.exp(-logits[j])));
		for (int v = 0; v < h; v++) {
			final int r0 = (y0[v] - cy0) * cw, r1 = (y1[v] - cy0) * cw;
			final double wy = ty[v];
			for (int u = 0; u < w; u++) {
				final int a = x0[u] - cx0, b = x1[u] - cx0;
				final double wx = tx[u];
				final double value = (1 - wy) * ((1 - wx) * s[r0 + a] + wx * s[r0 + b]) + wy * ((1 - wx) * s[r1 + a] + wx * s[r1 + b]);
				bits[v * w + u] = value > 0.5;
			}
		}
		return new FastSamMask(out.confidence(i), box, left, top, w, h, bits);
	}

	private static double clamp(final double f, final int max) {
		return Math.min(max, Math.max(0, f));
	}
}
