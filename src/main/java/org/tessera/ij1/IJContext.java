package org.tessera.ij1;

import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;

import ij.IJ;

/**
 * The SciJava context behind Tessera's ImageJ 1.x menu entries. In Fiji it is
 * Fiji's own context; in plain ImageJ, Tessera creates one, once, with the
 * plugin class loader (so that the annotation index of jars in {@code plugins/}
 * is found), and forwards its progress and status messages to ImageJ's status
 * bar (Fiji does that itself).
 */
public final class IJContext {

	private static Context own;

	/** Keeps the status subscription alive as long as the context. */
	private static StatusForwarder forwarder;

	private IJContext() {
		// static utility
	}

	/** The class loader that sees ImageJ's plugins folder as well as the class path. */
	public static ClassLoader pluginClassLoader() {
		final ClassLoader ij = IJ.getClassLoader();
		return ij != null ? ij : IJContext.class.getClassLoader();
	}

	/** Fiji's context or Tessera's own. */
	public static synchronized Context get() {
		final Context fiji = fijiContext();
		if (fiji != null) return fiji;
		if (own == null) {
			final Thread thread = Thread.currentThread();
			final ClassLoader old = thread.getContextClassLoader();
			thread.setContextClassLoader(pluginClassLoader());
			try {
				own = new Context();
			}
			finally {
				thread.setContextClassLoader(old);
			}
			forwarder = new StatusForwarder();
			own.service(EventService.class).subscribe(forwarder);
		}
		return own;
	}

	/**
	 * Fiji's application context, or null outside Fiji. imagej-legacy makes
	 * {@code IJ.runPlugIn("org.scijava.Context", "")} return it; without
	 * imagej-legacy that call would create a new context, so it is only made when
	 * imagej-legacy is there.
	 */
	private static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, pluginClassLoader());
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return null;
		}
		final Object c = IJ.runPlugIn("org.scijava.Context", "");
		return c instanceof Context ctx ? ctx : null;
	}

	/** Shows SciJava progress and status events in ImageJ's status bar. */
	public static final class StatusForwarder {

		@EventHandler
		public void onStatus(final StatusEvent e) {
			if (e.getProgressMaximum() > 0) IJ.showProgress(e.getProgressValue(), e.getProgressMaximum());
			final String message = e.getStatusMessage();
			if (message != null && !message.isEmpty()) IJ.showStatus(message);
		}
	}
}
