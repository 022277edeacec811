/*
 * Stand-in for fiji-lib's GenericDialogPlus, for running CLIJ2 outside Fiji.
 *
 * Every CLIJ operation class links against this class (for its own dialogs,
 * which Tessera never shows). Fiji ships the real one (fiji-lib, not on Maven
 * Central); the tests, the command-line tool and the standalone launcher use
 * this stand-in instead. It is packaged in the "standalone" jar only and must
 * never be inside the plugin jar.
 */
package fiji.util.gui;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/** A {@link GenericDialog} with the image-choice methods CLIJ calls. */
public class GenericDialogPlus extends GenericDialog {

	private static final long serialVersionUID = 1L;

	public GenericDialogPlus(final String title) {
		super(title);
	}

	/** Adds a choice of the open images, as fiji-lib does. */
	public void addImageChoice(final String label, final String defaultTitle) {
		final String[] titles = WindowManager.getImageTitles();
		final String[] choices = titles.length == 0 ? new String[] { "" } : titles;
		addChoice(label, choices, defaultTitle == null ? choices[0] : defaultTitle);
	}

	/** Returns the image picked in the next image choice, or null. */
	public ImagePlus getNextImage() {
		return WindowManager.getImage(getNextChoice());
	}
}
