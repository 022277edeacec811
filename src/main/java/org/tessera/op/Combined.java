package org.tessera.op;

import org.tessera.chunk.Padding;

/** What {@link Chain} and {@link Difference} share: the padding their parts agree on. */
final class Combined {

	private Combined() {
		// static utility
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
		throw new IllegalArgumentException("cannot combine " + a.name() + " (boundary " + a.boundary().key() + ") with " + b.name() + " (boundary " + b
			.boundary().key() + "): blocks padded for one would be wrong for the other");
	}

	/** Whether the operation reads any neighbour. */
	static boolean reaches(final ImageOp op) {
		for (final long h : op.halo()) if (h > 0) return true;
		return false;
	}
}
