package org.tessera.batch;

import ij.ImagePlus;

/**
 * What a batch does to each image: a Tessera command with fixed parameters
 * ({@code "gaussian sigma=10"}) or a Groovy/Jython script. Implementations must
 * allow concurrent calls.
 */
public interface Pipeline {

	/** Processes one image and returns the result (a new image). */
	ImagePlus apply(ImagePlus input);

	/** A one-line description, e.g. "gaussian sigma=10". */
	String describe();
}
