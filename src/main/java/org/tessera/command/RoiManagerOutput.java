package org.tessera.command;

import java.awt.HeadlessException;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

/**
 * A command's outlines in ImageJ's ROI Manager, as Fiji's StarDist offers
 * them: the manager's contents are replaced by the given ROIs (or the ROIs are
 * added after them), in order, with their names and stack positions. The manager is the open one, the hidden one
 * of a running batch-mode macro (so that {@code roiManager("count")} in that
 * macro sees the ROIs), or a new window.
 * <p>
 * A headless JVM (the command-line tool, {@code java.awt.headless=true}) has no
 * ROI Manager: asking for one there is a one-line error that points to a ROI
 * set file instead.
 */
public final class RoiManagerOutput {

	private RoiManagerOutput() {
		// static utility
	}

	/**
	 * Fails unless there is, or can be, a ROI Manager. Commands call it before
	 * their work, so that a headless run fails at once rather than after it.
	 *
	 * @param key the command's parameter that asked for the ROI Manager, for the message
	 * @throws IllegalArgumentException in a headless JVM
	 */
	public static void checkAvailable(final String key) {
		// A display can always open one; headless, only a patched ImageJ (as Fiji's --headless) can make one.
		if (java.awt.GraphicsEnvironment.isHeadless()) manager(key);
	}

	/**
	 * Replaces the ROI Manager's contents with these ROIs.
	 *
	 * @param key the command's parameter that asked for the ROI Manager, for the message
	 * @param rois named ROIs: their names are the manager's list entries
	 * @return the ROI Manager
	 * @throws IllegalArgumentException where there is no ROI Manager (headless)
	 */
	public static RoiManager replace(final String key, final List<? extends Roi> rois) {
		manager(key).reset();
		return append(key, rois);
	}

	/**
	 * Adds these ROIs after what the ROI Manager holds.
	 *
	 * @see #replace
	 */
	public static RoiManager append(final String key, final List<? extends Roi> rois) {
		final RoiManager rm = manager(key);
		for (final Roi roi : rois) rm.add((ImagePlus) null, roi, -1); // with no image and n < 0, a named ROI keeps its name
		return rm;
	}

	static RoiManager manager(final String key) {
		try {
			// getInstance() is the open window or a batch-mode macro's hidden manager; getRoiManager() would make
			// a batch macro a second, detached one.
			final RoiManager open = RoiManager.getInstance();
			return open != null ? open : RoiManager.getRoiManager();
		}
		catch (final HeadlessException e) {
			throw new IllegalArgumentException(key + ": there is no ROI Manager in a headless run (java.awt.headless=true); save the " +
				"outlines as a ROI set file with rois=<file>.zip instead");
		}
	}
}
