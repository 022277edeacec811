package org.tessera.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.scijava.Context;
import org.tessera.batch.FolderBatch;
import org.tessera.batch.OutputType;
import org.tessera.batch.Pipeline;
import org.tessera.batch.Pipelines;

/**
 * The folder batch on Apache Spark: every file is a task; each executor starts
 * one SciJava context per partition, runs the pipeline (a Tessera command line
 * or a script path that every executor can read) and writes the result to the
 * shared output folder. The driver writes {@code metrics.csv}. Results equal
 * those of the local {@link FolderBatch}; with {@code resume} finished outputs
 * are skipped.
 */
public final class SparkBatch {

	private SparkBatch() {
		// static utility
	}

	private record Task(int index, String input, String output, String pipeline, String outputType, boolean resume) implements Serializable {}

	/** A row of metrics.csv as it travels back to the driver. */
	private record Result(int index, String file, String status, double inputVariance, double outputVariance, double seconds)
		implements Serializable {}

	public static FolderBatch.Report run(final JavaSparkContext sc, final List<Path> inputs, final Path outputDir, final String pipeline,
		final boolean resume, final OutputType outputType) throws IOException
	{
		FolderBatch.refuseOverwritingInputs(inputs, outputDir);
		Files.createDirectories(outputDir);
		// check the pipeline on the driver, so that a typo fails before the cluster starts working
		final Context check = new Context();
		try {
			Pipelines.parse(check, pipeline, 1);
		}
		finally {
			check.dispose();
		}
		final Map<String, FolderBatch.Row> previous = resume ? FolderBatch.readMetrics(outputDir.resolve(FolderBatch.METRICS)) : Map.of();
		final List<Task> tasks = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) {
			final Path in = inputs.get(i);
			tasks.add(new Task(i, in.toAbsolutePath().toString(), outputDir.resolve(in.getFileName()).toAbsolutePath().toString(), pipeline,
				outputType.name(), resume));
		}
		final int slices = Math.max(1, Math.min(tasks.size(), sc.defaultParallelism() * 2));
		final List<Result> results = sc.parallelize(tasks, slices).mapPartitions(SparkBatch::runPartition).collect();
		final FolderBatch.Row[] rows = new FolderBatch.Row[inputs.size()];
		for (final Result r : results) {
			final FolderBatch.Row old = previous.get(r.file());
			rows[r.index()] = r.status().equals("skipped") && old != null ? new FolderBatch.Row(r.file(), "skipped", old.inputVariance(), old
				.outputVariance(), 0) : new FolderBatch.Row(r.file(), r.status(), r.inputVariance(), r.outputVariance(), r.seconds());
		}
		final List<FolderBatch.Row> list = List.of(rows);
		FolderBatch.writeMetrics(outputDir, list);
		return new FolderBatch.Report(list);
	}

	/** Executor side: one SciJava context for the partition's files. */
	private static Iterator<Result> runPartition(final Iterator<Task> tasks) {
		final List<Result> out = new ArrayList<>();
		if (!tasks.hasNext()) return out.iterator();
		Context context = null;
		Pipeline pipeline = null;
		try {
			while (tasks.hasNext()) {
				final Task t = tasks.next();
				final Path in = Path.of(t.input()), target = Path.of(t.output());
				final String name = in.getFileName().toString();
				if (t.resume() && Files.exists(target)) {
					out.add(new Result(t.index(), name, "skipped", Double.NaN, Double.NaN, 0));
					continue;
				}
				if (context == null) {
					context = new Context();
					pipeline = Pipelines.parse(context, t.pipeline(), 1);
				}
				final FolderBatch.Row r = FolderBatch.processOne(pipeline, in, target, OutputType.valueOf(t.outputType()));
				out.add(new Result(t.index(), r.file(), r.status(), r.inputVariance(), r.outputVariance(), r.seconds()));
			}
		}
		finally {
			if (context != null) context.dispose();
		}
		return out.iterator();
	}
}
