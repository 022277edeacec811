package org.tessera.command;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * Base of Tessera's commands: the services every command reports through, and
 * the {@link CommandMonitor} that connects library progress, warnings and
 * cancellation to them.
 */
public abstract class TesseraCommand extends ContextCommand {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	/** Progress and status to the status service, warnings to the log, cancellation from this command. */
	protected CommandMonitor monitor() {
		return new CommandMonitor(this, status, log);
	}

	protected StatusService status() {
		return status;
	}

	protected LogService log() {
		return log;
	}

	/**
	 * A percentile in [0, 100] as the user wrote it, or {@code fallback} (the
	 * model's value) for an empty text.
	 *
	 * @throws IllegalArgumentException with one line naming the key otherwise
	 */
	protected static double percentOrDefault(final String text, final String key, final double fallback) {
		if (text == null || text.isBlank()) return fallback;
		try {
			final double v = Double.parseDouble(text.trim());
			if (v >= 0 && v <= 100) return v;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(key + ": expected a percentile in [0, 100] or nothing (the model's value), got '" + text + "'");
	}

	/**
	 * A threshold in [0, 1] as the user wrote it, or {@code fallback} (the
	 * model's value) for an empty text; text parameters, because SciJava fills
	 * an unset Double with 0.
	 *
	 * @throws IllegalArgumentException with one line naming the key otherwise
	 */
	protected static double fractionOrDefault(final String text, final String key, final double fallback) {
		if (text == null || text.isBlank()) return fallback;
		try {
			final double v = Double.parseDouble(text.trim());
			if (v >= 0 && v <= 1) return v;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(key + ": expected a number in [0, 1] or nothing (the model's value), got '" + text + "'");
	}
}
