package org.tessera.labeltool;

/** Where Export Labels writes labels to and Import Labels reads them from: the choices of both dialogs. */
final class LabelsFormat {

	static final String WINDOW = "label image", TIFF = "label image file", ROIS = "ROI Manager", LABKIT = "Labkit file";
	static final String[] ALL = { WINDOW, TIFF, ROIS, LABKIT };

	private LabelsFormat() {}

	/** Whether the format is a file (and needs {@code file=}). */
	static boolean isFile(final String format) {
		return format.equals(TIFF) || format.equals(LABKIT);
	}

	/** The one-line error for a format that is none of these. */
	static IllegalArgumentException unknown(final String key, final String format) {
		return new IllegalArgumentException(key + ": expected one of '" + String.join("', '", ALL) + "', got '" + format + "'");
	}

	/** The one-line error when a file format comes without a file. */
	static void requireFile(final String key, final String format, final String file, final String verb) {
		if (isFile(format) && file.isEmpty()) throw new IllegalArgumentException("file: " + verb + " a " + format + " needs file=<path>");
	}
}
