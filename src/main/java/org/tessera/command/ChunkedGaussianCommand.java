package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.gpu.DeviceChoice;
import org.tessera.op.BlockJob;
import org.tessera.op.Execution;

/**
 * Gaussian blur of an image of any size, block by block: the input is a TIFF,
 * a folder or glob of 2D TIFFs (read lazily as a stack) or a Zarr array; the
 * output is OME-Zarr (streamed to disk chunk by chunk, resumable), a folder of
 * TIFF planes (each written when complete, resumable) or one TIFF.
 * The result equals the whole-image {@code gaussian} exactly. The same as
 * {@code gaussian execution=chunked}, kept for recorded macros and scripts; see
 * {@link ChunkedFiles}.
 */
@Plugin(type = Command.class, name = "chunked-gaussian", label = "Gaussian Blur, Chunked (Tessera)", headless = true,
	description = "Gaussian blur of an image of any size in blocks: TIFF, folder of TIFF planes or Zarr in, OME-Zarr (resumable) or TIFF out")
public class ChunkedGaussianCommand extends TesseraCommand {

	@Parameter(label = "input", style = "directory",
		description = "a TIFF file, a folder or glob of 2D TIFFs (a z stack, read lazily), or a Zarr array / OME-Zarr")
	private String input;

	@Parameter(label = "output", style = "save",
		description = "an OME-Zarr folder (name ending in .zarr), a TIFF file (.tif), or a folder for one TIFF per plane")
	private File output;

	@Parameter(label = "sigma", description = "sigma in pixels: one value, or x,y or x,y,z")
	private String sigma = "2";

	@Parameter(label = "chunk", required = false, description = "block shape: 'auto', one size, or one per axis such as 512,512,64")
	private String chunk = "auto";

	@Parameter(label = "boundary", choices = { "nearest", "reflect", "mirror", "wrap", "constant" }, required = false, persist = false,
		description = Params.BOUNDARY)
	private String boundary = "nearest";

	@Parameter(label = "threads", min = "0", required = false, description = "blocks processed at once; 0 for all cores")
	private int threads = 0;

	@Parameter(label = "resume", required = false, description = "keep the chunks an earlier, stopped run wrote (OME-Zarr output)")
	private boolean resume = true;

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "how many blocks were written, or kept from an earlier run, and where")
	private String summary;

	@Override
	public void run() {
		try {
			summary = blur();
		}
		catch (final IOException e) {
			throw new UncheckedIOException("chunked-gaussian: " + e.getMessage(), e);
		}
	}

	private String blur() throws IOException {
		final GaussianBlur g = new GaussianBlur(GaussianBlur.parseSigma(sigma), Boundary.parse(boundary), GaussianKernel.DEFAULT_TRUNCATE,
			null, threads);
		return new ChunkedFiles(input, output.toPath(), chunk, new Execution(DeviceChoice.CPU, threads, monitor()), resume).run(image -> BlockJob.of(g.op(image)));
	}

	public String getSummary() {
		return summary;
	}
}
