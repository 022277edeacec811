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
}
