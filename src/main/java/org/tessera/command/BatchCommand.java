package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.batch.FolderBatch;
import org.tessera.batch.OutputType;
import org.tessera.batch.Pipeline;
import org.tessera.batch.Pipelines;
import org.tessera.core.Threads;

import ij.measure.ResultsTable;

/**
 * Runs a Tessera command or a script on every TIFF of a folder; see
 * {@link FolderBatch}.
 */
@Plugin(type = Command.class, name = "batch", label = "Process Folder (Tessera)", headless = true,
	description = "Runs a Tessera command (e.g. 'gaussian sigma=10'), a Groovy/Jython script or an ImageJ macro on every TIFF of a folder, " +
		"in parallel, writing the results and metrics.csv into the output folder")
public class BatchCommand extends TesseraCommand {

	@Parameter(label = "input", style = "directory", description = "a folder of TIFFs, or a glob such as /data/run1/*.tif")
	private String input;

	@Parameter(label = "output", style = "directory", description = "folder for the results and metrics.csv")
	private File output;

	@Parameter(label = "pipeline", description = "a command line such as 'gaussian sigma=10', or the path of a .groovy/.py script or of an " +
		"ImageJ macro (.ijm, run on each image as Process > Batch > Macro does)")
	private String pipeline = "gaussian sigma=2";

	@Parameter(label = "threads", min = "0", required = false, description = "files processed at once; 0 for all cores")
	private int threads = 0;

	@Parameter(label = "resume", required = false, description = "skip files whose output already exists")
	private boolean resume = false;

	@Parameter(label = "output_type", choices = { "same", "8-bit", "16-bit", "32-bit" }, required = false,
		description = "pixel type of the written results (32-bit [0,1] maps to 0..255 for 8-bit)")
	private String output_type = "same";

	@Parameter(label = "metrics", type = ItemIO.OUTPUT, description = "one row per file: status, variances, seconds")
	private ResultsTable metrics;

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "how many files were done, skipped (done before) and failed")
	private String summary;

	@Override
	public void run() {
		final List<java.nio.file.Path> files = FolderBatch.resolveInputs(input);
		final int parallel = Math.min(Threads.resolve(threads), files.size());
		// Each file's own work gets an equal share of the cores.
		final Pipeline p = Pipelines.parse(getContext(), pipeline, Math.max(1, Threads.resolve(0) / parallel));
		final FolderBatch batch = new FolderBatch(files, output.toPath(), parallel, resume, OutputType.parse(output_type));
		try {
			final FolderBatch.Report report = batch.run(p, monitor());
			metrics = report.toResultsTable();
			summary = report.summary();
			if (report.failed() > 0) log().warn(report.failed() + " of " + files.size() + " files failed; see " + output.toPath().resolve(
				FolderBatch.METRICS));
		}
		catch (final IOException e) {
			throw new UncheckedIOException("batch: " + e.getMessage(), e);
		}
	}

	public ResultsTable getMetrics() {
		return metrics;
	}

	public String getSummary() {
		return summary;
	}
}
