package org.tessera.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.scijava.Context;
import org.tessera.batch.FolderBatch;
import org.tessera.batch.OutputType;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.ChunkedImages;
import org.tessera.command.StatisticsTables;
import org.tessera.chunk.JobRecord;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.imagej.ImageFiles;
import org.tessera.op.BlockCommand;
import org.tessera.op.BlockJob;
import org.tessera.segment.BlockVoronoiOtsu;
import org.tessera.segment.ChunkedLabeling;
import org.tessera.op.Execution;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.scijava.OpCommands;

/**
 * Entry point for {@code spark-submit}: the same jobs as the command-line tool,
 * shared out over a Spark cluster.
 * <pre>
 * spark-submit --class org.tessera.spark.SparkMain [--master ...] --jars &lt;dependencies&gt; Tessera_.jar \
 *     batch input=/shared/in output=/shared/out pipeline="gaussian sigma=10" [resume=true] [output_type=8-bit]
 * spark-submit ... chunked-gaussian input=/shared/planes output=/shared/blurred.zarr sigma=2 chunk=512,512,32 [boundary=reflect]
 * spark-submit ... median input=/shared/planes output=/shared/median.zarr radius=2 chunk=512,512,32
 * </pre>
 * Every command that is one image operation (gaussian, minimum, maximum, mean,
 * median, top-hat, dog, threshold) runs as a block job with its own keys, and
 * so do voronoi-otsu-labeling and label (in passes over the blocks); the output
 * is OME-Zarr. label-statistics (keys input, labels, output, chunk) writes the
 * whole-image command's CSV table.
 * Paths must be readable (and the output writable) from every executor. Without
 * a master from spark-submit it runs on {@code local[*]}. Exit codes as the
 * command-line tool: 0, 2 for bad input, 1 otherwise.
 */
public final class SparkMain {

	private SparkMain() {
		// entry point only
	}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out, System.err));
	}

	/** Runs a job; returns the exit code. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0) {
			err.println("usage: SparkMain batch|chunked-gaussian|<filter command> key=value ...");
			return 2;
		}
		final Map<String, String> kv = new LinkedHashMap<>();
		try {
			for (int i = 1; i < args.length; i++) {
				final int eq = args[i].indexOf('=');
				if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
				kv.put(args[i].substring(0, eq), args[i].substring(eq + 1));
			}
			final SparkConf conf = new SparkConf().setAppName("Tessera " + args[0]);
			if (!conf.contains("spark.master")) conf.setMaster("local[*]");
			checkMaster(conf.get("spark.master"));
			conf.setIfMissing("spark.ui.enabled", "false");
			switch (args[0]) {
				case "batch" -> {
					allow(kv, Set.of("input", "output", "pipeline", "resume", "output_type"));
					final var files = FolderBatch.resolveInputs(need(kv, "input"));
					try (JavaSparkContext sc = new JavaSparkContext(conf)) {
						final FolderBatch.Report r = SparkBatch.run(sc, files, Path.of(need(kv, "output")), need(kv, "pipeline"), Boolean
							.parseBoolean(kv.getOrDefault("resume", "false")), OutputType.parse(kv.getOrDefault("output_type", "same")));
						out.println("summary=" + r.summary());
					}
				}
				case "chunked-gaussian" -> {
					allow(kv, Set.of("input", "output", "sigma", "chunk", "boundary", "resume"));
					final GaussianBlur g = new GaussianBlur(GaussianBlur.parseSigma(kv.getOrDefault("sigma", "2")), Boundary.parse(kv.getOrDefault(
						"boundary", "nearest")), GaussianKernel.DEFAULT_TRUNCATE, null, 1);
					out.println("summary=" + blocks(conf, kv, g::op));
				}
				case "label-statistics" -> {
					allow(kv, Set.of("input", "labels", "output", "chunk"));
					final String input = need(kv, "input");
					final Path output = Path.of(need(kv, "output"));
					if (!output.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) throw new IllegalArgumentException(
						"output: " + output + " must be a table file ending in .csv");
					final AxisImg<?> probe = ChunkedImages.open(input, 1);
					final long[] block = BlockGrid.parseShape(need(kv, "chunk"), probe.numDimensions());
					try (JavaSparkContext sc = new JavaSparkContext(conf)) {
						final var table = SparkLabelStatistics.run(sc, input, need(kv, "labels"), block);
						StatisticsTables.writeCsv(table, output, Path.of(input).getFileName().toString(), probe);
						out.println("summary=" + table.rows() + " labels measured block by block, written to " + output);
					}
				}
				default -> {
					// any command that is one image operation (gaussian, median, dog, top-hat, ...), with its own keys
					final Context context = new Context();
					try {
						final BlockCommand command = OpCommands.configure(context, args[0], kv, Set.of("input", "output", "chunk", "execution",
							"resume"));
						out.println("summary=" + (command instanceof OpCommand op ? blocks(conf, kv, op::op) : passes(conf, kv, command, args[0])));
					}
					finally {
						context.dispose();
					}
				}
			}
			return 0;
		}
		catch (final IllegalArgumentException e) {
			err.println("tessera-spark: " + e.getMessage());
			return 2;
		}
		catch (final Exception e) {
			err.println("tessera-spark: internal error: " + e);
			e.printStackTrace(err);
			return 1;
		}
	}

	/** An operation block by block on the cluster, into an OME-Zarr store. */
	private static String blocks(final SparkConf conf, final Map<String, String> kv, final Function<AxisImg<?>, ImageOp> op)
		throws IOException
	{
		final String input = need(kv, "input");
		final Path output = zarrOutput(kv, input);
		final AxisImg<?> probe = ChunkedImages.open(input, 1);
		final ImageOp operation = op.apply(probe);
		final long[] block = Execution.aligned(operation, BlockGrid.parseShape(need(kv, "chunk"), probe.numDimensions()));
		JobRecord.of(operation.name(), Execution.bytes(operation), input).prepareStore(output, Boolean.parseBoolean(kv.getOrDefault("resume",
			"true").trim()));
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			final BlockProcessor.Summary s = SparkBlocks.run(sc, input, output, block, operation);
			return s.processed() + " blocks written, " + s.skipped() + " kept from an earlier run";
		}
	}

	/** A whole-image analysis in passes over the blocks (Voronoi-Otsu labeling), into an OME-Zarr store. */
	private static String passes(final SparkConf conf, final Map<String, String> kv, final BlockCommand command, final String name)
		throws IOException
	{
		final String input = need(kv, "input");
		final Path output = zarrOutput(kv, input);
		final AxisImg<?> probe = ChunkedImages.open(input, 1);
		final BlockJob job = command.job(probe);
		if (!(job instanceof BlockVoronoiOtsu.Job || job instanceof ChunkedLabeling.Job)) throw new IllegalArgumentException(name +
			" does not run on Spark");
		final long[] block = job.blockShape(BlockGrid.parseShape(need(kv, "chunk"), probe.numDimensions()));
		ChunkedImages.checkLabelsOutput(output, probe.data().dimensionsAsLongArray());
		JobRecord.of(job.name(), job.identity(), input).prepareStore(output, Boolean.parseBoolean(kv.getOrDefault("resume", "true").trim()));
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			return job instanceof BlockVoronoiOtsu.Job vo ? SparkVoronoiOtsu.run(sc, input, output, block, vo) : SparkLabeling.run(sc, input,
				output, block, (ChunkedLabeling.Job) job);
		}
	}

	/** The output of a block job: an OME-Zarr folder, not the input. */
	private static Path zarrOutput(final Map<String, String> kv, final String input) {
		final Path output = Path.of(need(kv, "output"));
		if (!ChunkedImages.isZarrOutput(output)) throw new IllegalArgumentException("output: " + output +
			" must be an OME-Zarr folder (a name ending in .zarr, or <image>.zarr/labels/<name>); Spark jobs write OME-Zarr, chunk by chunk");
		if (!input.matches(".*[*?\\[{].*")) ImageFiles.refuseOverwrite(output, Path.of(input), "output");
		return output;
	}

	/**
	 * Refuses, before any output is touched, a standalone master that does not
	 * answer: Spark itself would retry for about a minute and end in an internal
	 * error. The wait is {@code -Dtessera.spark.connectTimeout=<seconds>} (10 by default).
	 */
	static void checkMaster(final String master) {
		if (master == null || !master.startsWith("spark://")) return;
		final int seconds = Integer.getInteger("tessera.spark.connectTimeout", 10);
		for (final String hostPort : master.substring("spark://".length()).split(",")) {
			final int colon = hostPort.lastIndexOf(':');
			final String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
			final int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*", ""));
			try (java.net.Socket s = new java.net.Socket()) {
				s.connect(new java.net.InetSocketAddress(host, port), seconds * 1000);
				return; // one master of the list answers
			}
			catch (final IOException e) {
				// try the next one
			}
		}
		throw new IllegalArgumentException("master " + master + " does not answer (no connection within " + seconds +
			" s); is the Spark master running, and is the URL right?");
	}

	private static String need(final Map<String, String> kv, final String key) {
		final String v = kv.get(key);
		if (v == null || v.isBlank()) throw new IllegalArgumentException("missing " + key + "=...");
		return v;
	}

	private static void allow(final Map<String, String> kv, final Set<String> keys) {
		for (final String k : kv.keySet())
			if (!keys.contains(k)) throw new IllegalArgumentException("unknown parameter '" + k + "'; expected one of " + keys);
	}
}
