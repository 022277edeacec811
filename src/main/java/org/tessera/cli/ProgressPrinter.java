package org.tessera.cli;

import java.io.PrintStream;

import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;

/**
 * Shows SciJava progress events on stderr: a bar redrawn in place on a
 * terminal, or a line every 10 % when stderr goes to a file or a pipe.
 */
final class ProgressPrinter {

	private static final int WIDTH = 30;

	private final PrintStream err;
	private final String label;
	private final boolean terminal = System.console() != null;
	private int lastPercent = -1;
	private boolean drawn;

	ProgressPrinter(final PrintStream err, final String label) {
		this.err = err;
		this.label = label;
	}

	@EventHandler
	public synchronized void onStatus(final StatusEvent e) {
		final int max = e.getProgressMaximum();
		if (max <= 0) return;
		final int percent = (int) Math.min(100, Math.max(0, 100L * e.getProgressValue() / max));
		if (percent <= lastPercent) return;
		if (terminal) {
			final int filled = percent * WIDTH / 100;
			err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
			err.flush();
			drawn = true;
			lastPercent = percent;
		}
		else if (percent / 10 != lastPercent / 10 || lastPercent < 0) {
			err.println(label + ": " + percent + "%");
			lastPercent = percent;
		}
	}

	synchronized void finish() {
		if (drawn) err.println();
		drawn = false;
	}
}
