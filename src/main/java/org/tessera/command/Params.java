package org.tessera.command;

/**
 * The parameters many commands share, declared once: the annotations of the
 * commands refer to these constants, so that a device or boundary parameter
 * reads and behaves the same everywhere (and keeps its place in each dialog and
 * recorded macro line).
 */
public final class Params {

	private Params() {
		// constants only
	}

	/** Choices of the {@code device} parameter; other text is part of a device name. */
	public static final String[] DEVICE_CHOICES = { "auto", "CPU", "GPU" };

	/** What the {@code device} parameter means. */
	public static final String DEVICE = "CPU, GPU (the preferred or best OpenCL device), auto, or part of a device name";

	/** Choices of the {@code boundary} parameter. */
	public static final String[] BOUNDARY_CHOICES = { "nearest", "reflect", "mirror", "wrap", "constant" };

	/** What the {@code boundary} parameter means. */
	public static final String BOUNDARY = "how the image continues past its edges, as in scipy.ndimage";
}
