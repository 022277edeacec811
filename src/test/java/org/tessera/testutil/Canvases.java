package org.tessera.testutil;

import java.util.Arrays;

import org.tessera.annotate.LabelCanvas;

import net.imglib2.type.numeric.integer.IntType;

/** What the labeling tests look at on a {@link LabelCanvas}, and the masks they paint. */
public final class Canvases {

	private Canvases() {
		// static utility
	}

	/** Every pixel of every slice, through the ImgLib2 image other code reads. */
	public static int[] snapshot(final LabelCanvas c) {
		final int[] v = new int[c.width() * c.height() * c.slices()];
		int i = 0;
		for (final IntType t : c.image()) v[i++] = t.get();
		return v;
	}

	/** A filled n x n mask. */
	public static boolean[] square(final int n) {
		final boolean[] m = new boolean[n * n];
		Arrays.fill(m, true);
		return m;
	}
}
