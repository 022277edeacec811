package org.tessera.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Consumer;

import net.imglib2.parallel.TaskExecutor;
import net.imglib2.parallel.TaskExecutors;

/**
 * Shared ImgLib2 task executors by number of threads. ImgLib2's default
 * executor is the JDK common pool, whose parallelism is one less than the
 * number of cores (one thread on a 2-core machine); Tessera's work asks for
 * a number of threads instead, all cores by default.
 */
public final class Threads {

	private static final Map<Integer, TaskExecutor> EXECUTORS = new ConcurrentHashMap<>();

	private Threads() {
		// static utility
	}

	/** Number of threads meant by a user's setting: {@code threads <= 0} means all cores. */
	public static int resolve(final int threads) {
		return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * An executor running on {@code threads} threads (all cores for 0), shared by
	 * all callers asking for that number. Its threads are daemons; never close it.
	 */
	public static TaskExecutor executor(final int threads) {
		final int n = resolve(threads);
		if (n == 1) return TaskExecutors.singleThreaded();
		return EXECUTORS.computeIfAbsent(n, k -> TaskExecutors.forExecutorServiceAndNumThreads(new ForkJoinPool(k, pool -> {
			final ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
			t.setDaemon(true);
			t.setName("tessera-" + k + "-" + t.getPoolIndex());
			return t;
		}, null, false), k));
	}

	/**
	 * Runs {@code action} on every item with the executor and rethrows the first
	 * failure as the task threw it. (A fork-join pool rethrows a copy of a task's
	 * exception with the original as cause; that copy's message starts with the
	 * class name, which is not what a user should read.)
	 */
	public static <T> void forEach(final TaskExecutor executor, final List<? extends T> items, final Consumer<? super T> action) {
		try {
			executor.forEach(items, action);
		}
		catch (final RuntimeException e) {
			final Throwable c = e.getCause();
			if (c instanceof RuntimeException r && c.getClass() == e.getClass()) throw r;
			if (c instanceof Error err && e.getMessage() != null && e.getMessage().equals(c.toString())) throw err;
			throw e;
		}
	}
}
