package org.tessera.op;

import org.tessera.chunk.Padding;
import org.tessera.core.Boundary;

/**
 * What {@link Chain} and {@link Difference} share, as an operation made of two:
 * the boundary and padding their parts agree on, and an OpenCL path only when
 * both parts have one.
 */
interface Combined extends ImageOp {

	ImageOp first();

	ImageOp second();

	@Override
	default Boundary boundary() {
		return reaches(first()) ? first().boundary() : second().boundary();
	}

	@Override
	default Padding padding() {
		return padding(first(), second());
	}

	@Override
	default boolean hasGpu() {
		return first().hasGpu() && second().hasGpu();
	}

	/**
	 * The padding both parts agree on: an operation that reads no neighbours
	 * takes any.
	 *
	 * @throws IllegalArgumentException if blocks padded for one would be wrong for the other
	 */
	static Padding padding(final ImageOp a, final ImageOp b) {
		if (!reaches(a)) return b.padding();
		if (!reaches(b) || a.padding() == b.padding()) return a.padding();
		throw new IllegalArgumentException("cannot combine " + a.name() + " (boundary " + a.boundary().key() + ") with " + b.name() +
			" (boundary " + b.boundary().key() + "): blocks padded for one would be wrong for the other");
	}

	/** Whether the operation reads any neighbour. */
	static boolean reaches(final ImageOp op) {
		for (final long h : op.halo()) if (h > 0) return true;
		return false;
	}
}
