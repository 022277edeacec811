package org.tessera.command;

import java.util.concurrent.atomic.AtomicInteger;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.tessera.core.TaskMonitor;

/**
 * Connects library progress and cancellation to a SciJava command: progress
 * and status go to the {@link StatusService} (ImageJ's status bar in the UI, a
 * progress bar on stderr in the command-line tool), warnings to the
 * {@link LogService}, and the command's cancel flag stops the work.
 */
public final class CommandMonitor implements TaskMonitor {

	/** Resolution of the progress values sent to the status service. */
	private static final int STEPS = 1000;

	private final ContextCommand command;
	private final StatusService status;
	private final LogService log;
	private final AtomicInteger lastStep = new AtomicInteger(-1);

	public CommandMonitor(final ContextCommand command, final StatusService status, final LogService log) {
		this.command = command;
		this.status = status;
		this.log = log;
	}

	@Override
	public void progress(final long done, final long total) {
		if (status == null || total <= 0) return;
		final int step = (int) Math.min(STEPS, done * STEPS / total);
		// Work on several threads reports out of order; only ever move forward.
		int last;
		do {
			last = lastStep.get();
			if (step <= last) return;
		}
		while (!lastStep.compareAndSet(last, step));
		status.showProgress(step, STEPS);
	}

	@Override
	public void status(final String message) {
		if (status != null) status.showStatus(message);
	}

	@Override
	public void warn(final String message) {
		if (log != null) log.warn(message);
	}

	@Override
	public boolean isCancelled() {
		return command.isCanceled();
	}
}
