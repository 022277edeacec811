package org.tessera.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.imagej.ImageFiles;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

/**
 * The classic batch: for every TIFF in a folder (or matching a glob), open it,
 * run a {@link Pipeline}, write the result under the same name into the output
 * folder, and record the input and output variance and the time taken in
 * {@code metrics.csv}. Images are processed in parallel. A file that fails gets
 * {@code error: <reason>} in the table and the others go on; outputs are
 * written atomically and {@code metrics.csv} after every file, so with
 * {@code resume} a stopped batch skips what it finished.
 *
 * @param inputs the files to process, in order
 * @param outputDir where results and metrics.csv go
 * @param threads files processed at once; 0 for all cores
 * @param resume skip files whose output exists
 * @param outputType pixel type of the written results
 */
public record FolderBatch(List<Path> inputs, Path outputDir, int threads, boolean resume, OutputType outputType) {

	/** The name of the table written into the output folder. */
	public static final String METRICS = "metrics.csv";

	/** One line of metrics.csv. */
	public record Row(String file, String status, double inputVariance, double outputVariance, double seconds) {

		public boolean ok() {
			return status.equals("ok") || status.equals("skipped");
		}
	}

	/** What a batch did. */
	public record Report(List<Row> rows) {

		public long count(final String status) {
			return rows.stream().filter(r -> r.status().equals(status)).count();
		}

		public long failed() {
			return rows.stream().filter(r -> r.status().startsWith("error")).count();
		}

		/** "20 files: 18 ok, 1 skipped, 1 failed". */
		public String summary() {
			return rows.size() + " files: " + count("ok") + " ok, " + count("skipped") + " skipped, " + failed() + " failed";
		}

		/** The rows as an ImageJ results table. */
		public ResultsTable toResultsTable() {
			final ResultsTable t = new ResultsTable();
			for (final Row r : rows) {
				t.incrementCounter();
				t.addValue("file", r.file());
				t.addValue("status", r.status());
				t.addValue("input_variance", r.inputVariance());
				t.addValue("output_variance", r.outputVariance());
				t.addValue("seconds", r.seconds());
			}
			return t;
		}
	}

	public FolderBatch {
		inputs = List.copyOf(inputs);
		if (outputDir == null) throw new IllegalArgumentException("output: no output folder given");
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
		if (outputType == null) outputType = OutputType.SAME;
		refuseOverwritingInputs(inputs, outputDir);
	}

	/**
	 * Refuses an output folder where a result would replace an input (the input folder
	 * itself, say): the batch would destroy the images it is processing.
	 */
	public static void refuseOverwritingInputs(final List<Path> inputs, final Path outputDir) {
		for (final Path in : inputs)
			if (ImageFiles.same(outputDir.resolve(in.getFileName()), in)) throw new IllegalArgumentException("output: " + outputDir + " holds the " +
				"input " + in.getFileName() + "; its result would replace it, so write the results to another folder");
	}

	/**
	 * The TIFF files a user means: all {@code .tif}/{@code .tiff} files in a folder,
	 * or the files matching a glob such as {@code /data/run1/*.tif}; see
	 * {@link ImageFiles#listTiffs}.
	 */
	public static List<Path> resolveInputs(final String folderOrGlob) {
		return ImageFiles.listTiffs(folderOrGlob);
	}

	/**
	 * Runs the batch. Failures of single files are recorded, not thrown.
	 *
	 * @throws CancellationException if cancelled; finished files and metrics.csv stay
	 */
	public Report run(final Pipeline pipeline, final TaskMonitor monitor) throws IOException {
		Files.createDirectories(outputDir);
		final Map<String, Row> previous = resume ? readMetrics(outputDir.resolve(METRICS)) : Map.of();
		final Row[] rows = new Row[inputs.size()];
		final AtomicInteger done = new AtomicInteger();
		monitor.status("Batch: " + pipeline.describe() + " on " + inputs.size() + " files");
		monitor.progress(0, inputs.size());
		final List<Integer> order = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) order.add(i);
		Threads.forEach(Threads.executor(threads), order, i -> {
			monitor.checkCancelled();
			final Path in = inputs.get(i);
			final String name = in.getFileName().toString();
			final Path out = outputDir.resolve(name); // results keep their input's name
			if (resume && Files.exists(out)) {
				final Row old = previous.get(name);
				rows[i] = new Row(name, "skipped", old == null ? Double.NaN : old.inputVariance(), old == null ? Double.NaN : old
					.outputVariance(), 0);
			}
			else rows[i] = processOne(pipeline, in, out, outputType);
			synchronized (rows) {
				writeMetrics(outputDir, java.util.Arrays.asList(rows));
			}
			monitor.progress(done.incrementAndGet(), inputs.size());
			if (rows[i].status().startsWith("error")) monitor.warn(name + ": " + rows[i].status());
		});
		final List<Row> list = new ArrayList<>();
		for (final Row r : rows) list.add(r);
		return new Report(list);
	}

	/**
	 * One file of a batch: read it, run the pipeline, write the result
	 * atomically. Failures become an {@code error: <reason>} row, they are not
	 * thrown. Cluster executors (Spark) call this for the files they are given.
	 */
	public static Row processOne(final Pipeline pipeline, final Path in, final Path out, final OutputType outputType) {
		final String name = in.getFileName().toString();
		final long t0 = System.nanoTime();
		double varIn = Double.NaN, varOut = Double.NaN;
		try {
			final ImagePlus imp = ImageFiles.read(in, "input");
			varIn = variance(imp);
			final ImagePlus result = pipeline.apply(imp);
			varOut = variance(result);
			ImageFiles.writeTiff(outputType.convert(result), out);
			return new Row(name, "ok", varIn, varOut, (System.nanoTime() - t0) / 1e9);
		}
		catch (final CancellationException e) {
			throw e;
		}
		catch (final Exception | LinkageError | OutOfMemoryError e) {
			final String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
			return new Row(name, "error: " + reason.replaceAll("\\s*\\R\\s*", " ").trim(), varIn, varOut, (System.nanoTime() - t0) / 1e9);
		}
	}

	/** Population variance (numpy's {@code var()}) of all pixels, in double precision (two passes). */
	public static double variance(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		double sum = 0;
		long n = 0;
		for (int s = 1; s <= stack.getSize(); s++) {
			final var ip = stack.getProcessor(s);
			for (int i = 0, c = ip.getPixelCount(); i < c; i++) sum += ip.getf(i);
			n += ip.getPixelCount();
		}
		final double mean = sum / n;
		double sq = 0;
		for (int s = 1; s <= stack.getSize(); s++) {
			final var ip = stack.getProcessor(s);
			for (int i = 0, c = ip.getPixelCount(); i < c; i++) {
				final double d = ip.getf(i) - mean;
				sq += d * d;
			}
		}
		return sq / n;
	}

	/** Writes metrics.csv into {@code outputDir} atomically (null rows, of files not done yet, are left out). */
	public static void writeMetrics(final Path outputDir, final List<Row> rows) {
		final StringBuilder sb = new StringBuilder("file,status,input_variance,output_variance,seconds\n");
		for (final Row r : rows) {
			if (r == null) continue;
			sb.append(csv(r.file())).append(',').append(csv(r.status())).append(',').append(number(r.inputVariance())).append(',').append(
				number(r.outputVariance())).append(',').append(String.format(Locale.ROOT, "%.4f", r.seconds())).append('\n');
		}
		try {
			ImageFiles.writeAtomically(outputDir.resolve(METRICS), ".csv", tmp -> Files.writeString(tmp, sb, StandardCharsets.UTF_8));
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot write " + outputDir.resolve(METRICS) + ": " + e.getMessage(), e);
		}
	}

	private static String number(final double v) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
	}

	/** Quotes a CSV field when it needs it (RFC 4180). */
	static String csv(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	/** Rows of an existing metrics.csv by file name; empty if there is none or it cannot be read. */
	public static Map<String, Row> readMetrics(final Path csv) {
		final Map<String, Row> rows = new HashMap<>();
		if (!Files.isRegularFile(csv)) return rows;
		try {
			final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
			for (int i = 1; i < lines.size(); i++) {
				final List<String> f = splitCsv(lines.get(i));
				if (f.size() < 5) continue;
				rows.put(f.get(0), new Row(f.get(0), f.get(1), parse(f.get(2)), parse(f.get(3)), parse(f.get(4))));
			}
		}
		catch (final IOException | RuntimeException e) {
			// a damaged table only loses the old numbers of skipped files
		}
		return rows;
	}

	private static double parse(final String s) {
		return s.isBlank() ? Double.NaN : Double.parseDouble(s);
	}

	static List<String> splitCsv(final String line) {
		final List<String> fields = new ArrayList<>();
		final StringBuilder cur = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cur.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else cur.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				fields.add(cur.toString());
				cur.setLength(0);
			}
			else cur.append(c);
		}
		fields.add(cur.toString());
		return fields;
	}
}
