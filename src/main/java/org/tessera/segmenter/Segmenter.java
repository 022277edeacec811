package org.tessera.segmenter;

import org.tessera.core.TaskMonitor;

/**
 * A model family that finds objects in 2D images: StarDist, FastSAM, and any
 * later one. A segmenter holds its loaded model and settings; {@link Segmentation#run}
 * runs it over the planes of an image (z-slices and time points) and gathers
 * the label stack, the table and the outlines the same way for every family.
 */
public interface Segmenter extends AutoCloseable {

	/** The family's name as results are titled by it ({@code <image>-<method>-labels}): "stardist", "fastsam". */
	String method();

	/**
	 * One line when the image's planes are not what the model takes (channels,
	 * z-slices), naming the image and what to do; nothing when they are.
	 */
	default void check(final String imageName, final PlaneSource planes) {
		// every image is fine
	}

	/** The objects of one plane. */
	PlaneObjects segment(Plane plane, TaskMonitor monitor);

	/** Frees the model. */
	@Override
	void close();
}
