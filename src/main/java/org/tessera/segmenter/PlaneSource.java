package org.tessera.segmenter;

/**
 * The 2D planes of an image, as segmenters take them: its z-slices and time
 * points, z fastest (plane {@code t * slices + z}), each with every channel.
 * The ImageJ adapter is {@code imagej.ImagePlusPlanes}.
 */
public interface PlaneSource {

	int width();

	int height();

	/** Channels of every plane: 3 for an RGB image. */
	int channels();

	/** Whether the planes are RGB colour (three channels 0-255, red first). */
	boolean rgb();

	/** z-slices (1 for a 2D image). */
	int slices();

	/** Time points (1 for a still image). */
	int frames();

	/** How many planes: slices times frames. */
	default int count() {
		return slices() * frames();
	}

	/** One plane, 0-based. */
	Plane plane(int index);
}
