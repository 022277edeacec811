package org.tessera.core;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Progress reporting and cancellation for long work. Algorithms call
 * {@link #progress} as they go and {@link #checkCancelled()} between units of
 * work; the caller decides where progress goes (ImageJ's progress bar, a bar on
 * stderr, nothing) and what cancels (Esc in ImageJ, a SciJava command's cancel).
 * Implementations must be thread-safe: work running on several threads reports
 * through the same monitor.
 */
public interface TaskMonitor {

	/** A monitor that reports nothing and is never cancelled. */
	TaskMonitor NONE = new TaskMonitor() {
		@Override
		public void progress(final long done, final long total) {
			// nothing
		}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};

	/** A monitor that passes warnings to {@code sink} and nothing else; never cancelled. */
	static TaskMonitor warningsTo(final java.util.function.Consumer<String> sink) {
		return new TaskMonitor() {

			@Override
			public void progress(final long done, final long total) {
				// nothing
			}

			@Override
			public boolean isCancelled() {
				return false;
			}

			@Override
			public void warn(final String message) {
				sink.accept(message);
			}
		};
	}

	/** Reports that {@code done} of {@code total} units of work are finished. */
	void progress(long done, long total);

	/** Reports what is being done now; optional. */
	default void status(final String message) {
		// optional
	}

	/** Reports a problem that does not stop the work (e.g. a fallback to the CPU); optional. */
	default void warn(final String message) {
		// optional
	}

	/** Whether the work should stop as soon as possible. */
	boolean isCancelled();

	/**
	 * Throws {@link CancellationException} if the work was cancelled. Call it
	 * between units of work.
	 */
	default void checkCancelled() {
		if (isCancelled()) throw new CancellationException("cancelled");
	}

	/**
	 * A view of this monitor for one part of a larger job: progress {@code done/total}
	 * of the part is reported as {@code offset + done·share/total} of {@code whole}.
	 */
	default TaskMonitor part(final long offset, final long share, final long whole) {
		final TaskMonitor parent = this;
		return new TaskMonitor() {
			@Override
			public void progress(final long done, final long total) {
				parent.progress(offset + (total <= 0 ? 0 : done * share / total), whole);
			}

			@Override
			public void status(final String message) {
				parent.status(message);
			}

			@Override
			public void warn(final String message) {
				parent.warn(message);
			}

			@Override
			public boolean isCancelled() {
				return parent.isCancelled();
			}
		};
	}

	/** A monitor that reports nothing and is cancelled when {@code cancelled} says so. */
	static TaskMonitor cancelledBy(final BooleanSupplier cancelled) {
		return new TaskMonitor() {
			@Override
			public void progress(final long done, final long total) {
				// nothing
			}

			@Override
			public boolean isCancelled() {
				return cancelled.getAsBoolean();
			}
		};
	}
}
