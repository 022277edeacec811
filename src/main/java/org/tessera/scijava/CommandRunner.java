package org.tessera.scijava;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.DefaultValuePreprocessor;
import org.scijava.module.process.InitPreprocessor;
import org.scijava.module.process.LoggerPreprocessor;
import org.scijava.module.process.ModulePostprocessor;
import org.scijava.module.process.ModulePreprocessor;
import org.scijava.module.process.SaveInputsPreprocessor;
import org.scijava.module.process.ServicePreprocessor;
import org.scijava.module.process.ValidityPreprocessor;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptModule;

/**
 * Runs a SciJava module with its inputs already chosen, for the ImageJ menu
 * shim and the command-line tool. Only the pre-processing these routes need
 * runs (service injection, initializers, default values of script
 * parameters, validity), and no display
 * post-processing: the caller shows or writes the outputs itself, so a result is
 * never shown twice (e.g. in Fiji, whose display post-processor would show it too).
 */
public final class CommandRunner {

	private CommandRunner() {
		// static utility
	}

	/** Creates a module, so that callers can cancel it while it runs. */
	public static Module create(final Context context, final ModuleInfo info) {
		return context.service(ModuleService.class).createModule(info);
	}

	/**
	 * Runs the module with these inputs and waits for it.
	 *
	 * @param persist whether to remember the inputs as the next defaults (menu route)
	 * @return the module, with its outputs set
	 * @throws CancellationException if the module was cancelled
	 * @throws ScriptFailedException if the module is a script that threw
	 * @throws RuntimeException the command's own exception, unwrapped
	 */
	public static Module run(final Context context, final Module module, final Map<String, Object> inputs, final boolean persist) {
		for (final Map.Entry<String, Object> e : inputs.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		final List<ModulePreprocessor> pre = new ArrayList<>();
		pre.add(new ServicePreprocessor());
		pre.add(new LoggerPreprocessor());
		pre.add(new InitPreprocessor());
		pre.add(new DefaultValuePreprocessor());
		pre.add(new ValidityPreprocessor());
		if (persist) pre.add(new SaveInputsPreprocessor());
		for (final ModulePreprocessor p : pre) context.inject(p);
		final List<ModulePostprocessor> post = List.of();
		// Run in this thread: the command's exception comes straight back, and a
		// script's logged error can be told apart from other threads' work.
		final ScriptErrors errors = module instanceof ScriptModule ? new ScriptErrors(context.service(LogService.class)) : null;
		try {
			new ModuleRunner(context, module, pre, post).run();
		}
		catch (final RuntimeException e) {
			throw unwrap(e);
		}
		finally {
			if (errors != null) errors.close();
		}
		if (errors != null && errors.failure != null) throw new ScriptFailedException(scriptName(module), errors.failure);
		for (final ModulePreprocessor p : pre)
			if (p.isCanceled()) throw new IllegalArgumentException(p.getCancelReason());
		if (module.getDelegateObject() instanceof Cancelable c && c.isCanceled()) {
			final String reason = c.getCancelReason();
			throw new CancellationException(reason == null ? "cancelled" : reason);
		}
		return module;
	}

	private static String scriptName(final Module module) {
		if (module.getInfo() instanceof ScriptInfo si && si.getPath() != null) return new java.io.File(si.getPath()).getName();
		return module.getInfo().getTitle();
	}

	/** Catches the first error with an exception that is logged on this thread while a script runs. */
	private static final class ScriptErrors implements LogListener {

		private final LogService log;
		private final Thread thread = Thread.currentThread();
		private volatile Throwable failure;

		ScriptErrors(final LogService log) {
			this.log = log;
			log.addLogListener(this);
		}

		@Override
		public void messageLogged(final LogMessage message) {
			if (message.level() == LogLevel.ERROR && message.throwable() != null && failure == null && Thread.currentThread() == thread)
				failure = message.throwable();
		}

		void close() {
			log.removeLogListener(this);
		}
	}

	/** The innermost meaningful exception: SciJava wraps command exceptions in RuntimeExceptions. */
	public static RuntimeException unwrap(final Throwable t) {
		Throwable c = t;
		while ((c instanceof ExecutionException || c.getClass() == RuntimeException.class) && c.getCause() != null) c = c.getCause();
		return c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
	}
}
