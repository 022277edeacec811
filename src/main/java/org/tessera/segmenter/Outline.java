package org.tessera.segmenter;

/**
 * The outline of one object as a polygon of pixel-centre coordinates (the
 * centre of pixel (x, y) is at (x, y)).
 *
 * @param label the object's label in its plane's label image
 */
public record Outline(int label, double[] xs, double[] ys) {

	public Outline {
		if (xs.length != ys.length) throw new IllegalArgumentException(xs.length + " x but " + ys.length + " y coordinates");
	}
}
