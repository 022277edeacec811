package org.tessera.sam;

/**
 * What a FastSAM (YOLOv8-seg, one class) network gives for one input, batch axis
 * dropped:
 * <ul>
 * <li>detections {@code [4 + 1 + nm, N]}: for each of {@code N} candidates the box
 * centre, width and height in input pixels ({@code cx, cy, w, h}), the confidence,
 * and {@code nm} mask coefficients; stored row by row (row {@code r} of candidate
 * {@code i} at {@code r * N + i}, the order of the tensor);</li>
 * <li>prototypes {@code [nm, ph, pw]}: the masks' basis, on a grid covering the
 * input (usually a quarter of its size).</li>
 * </ul>
 * A candidate's mask is {@code sigmoid(sum_k coefficient_k * prototype_k)}.
 */
public final class FastSamOutput {

	private final float[] detections;
	private final int count;
	private final int nm;
	private final float[] prototypes;
	private final int protoHeight, protoWidth;

	/**
	 * @param detections {@code (5 + nm) * count} values, row by row (not copied)
	 * @param count {@code N}, the number of candidates
	 * @param prototypes {@code nm * protoHeight * protoWidth} values (not copied)
	 * @param nm the number of prototypes (and of mask coefficients)
	 */
	public FastSamOutput(final float[] detections, final int count, final float[] prototypes, final int nm, final int protoHeight,
		final int protoWidth)
	{
		if (count < 0 || nm < 1 || protoHeight < 1 || protoWidth < 1)
			throw new IllegalArgumentException("bad sizes: N " + count + ", nm " + nm + ", prototypes " + protoHeight + " x " + protoWidth);
		if (detections.length != (long) (5 + nm) * count)
			throw new IllegalArgumentException("detections have " + detections.length + " values, expected (4 + 1 + " + nm + ") x " + count);
		if (prototypes.length != (long) nm * protoHeight * protoWidth)
			throw new IllegalArgumentException("prototypes have " + prototypes.length + " values, expected " + nm + " x " + protoHeight + " x "
				+ protoWidth);
		this.detections = detections;
		this.count = count;
		this.nm = nm;
		this.prototypes = prototypes;
		this.protoHeight = protoHeight;
		this.protoWidth = protoWidth;
	}

	/** {@code N}, the number of candidates. */
	public int count() {
		return count;
	}

	/** The number of prototypes. */
	public int prototypeCount() {
		return nm;
	}

	public int protoHeight() {
		return protoHeight;
	}

	public int protoWidth() {
		return protoWidth;
	}

	/** Candidate {@code i}'s box in input pixels. */
	public Box box(final int i) {
		return Box.ofCentre(detections[i], detections[count + i], detections[2 * count + i], detections[3 * count + i]);
	}

	/** Candidate {@code i}'s confidence. */
	public float confidence(final int i) {
		return detections[4 * count + i];
	}

	/** Candidate {@code i}'s mask coefficient {@code k}. */
	public float coefficient(final int i, final int k) {
		return detections[(5 + k) * count + i];
	}

	/** Prototype {@code k}'s value at grid cell {@code (x, y)}. */
	public float prototype(final int k, final int x, final int y) {
		return prototypes[(k * protoHeight + y) * protoWidth + x];
	}

	float[] prototypes() {
		return prototypes;
	}
}
