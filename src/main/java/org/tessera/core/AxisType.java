package org.tessera.core;

/**
 * The kinds of image axes Tessera knows, in ImageJ's order (X, Y, C, Z, T).
 */
public enum AxisType {
	X("x"), Y("y"), CHANNEL("c"), Z("z"), TIME("t");

	private final String label;

	AxisType(final String label) {
		this.label = label;
	}

	/** One-letter label, as in {@code "xyczt"}. */
	public String label() {
		return label;
	}

	/** Whether filters with a spatial extent (blur, morphology) act along this axis. */
	public boolean isSpatial() {
		return this == X || this == Y || this == Z;
	}
}
