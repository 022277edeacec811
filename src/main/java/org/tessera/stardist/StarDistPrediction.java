package org.tessera.stardist;

/**
 * The raw output of a StarDist 2D model for one image, on the model's grid:
 * an object probability per grid pixel and {@code nRays} radial distances
 * (in input pixels, as the network predicts them).
 * Grid pixel {@code (y, x)} stands for input pixel {@code (y * gridY, x * gridX)}.
 *
 * @param height rows of the grid, {@code ceil(image height / gridY)}
 * @param width columns of the grid, {@code ceil(image width / gridX)}
 * @param nRays distances per grid pixel
 * @param gridY subsampling along Y
 * @param gridX subsampling along X
 * @param prob probabilities, row-major ({@code y * width + x})
 * @param dist distances, ordered y, x, ray ({@code (y * width + x) * nRays + ray})
 */
public record StarDistPrediction(int height, int width, int nRays, int gridY, int gridX, float[] prob, float[] dist) {

	/** The probability at grid pixel (y, x). */
	public float prob(final int y, final int x) {
		return prob[y * width + x];
	}

	/** Distance {@code ray} at grid pixel (y, x). */
	public float dist(final int y, final int x, final int ray) {
		return dist[(y * width + x) * nRays + ray];
	}
}
