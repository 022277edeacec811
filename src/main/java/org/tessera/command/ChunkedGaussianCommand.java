package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.ChunkedImages;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.TiffPlanes;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.core.ImageFiles;
import org.tessera.core.ImagePlusViews;
import org.tessera.core.Threads;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;

import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Gaussian blur of an image of any size, block by block: the input is a TIFF,
 * a folder or glob of 2D TIFFs (read lazily as a stack) or a Zarr array; the
 * output is OME-Zarr (streamed to disk chunk by chunk, resumable), a folder of
 * TIFF planes (each written when complete, resumable) or one TIFF.
 * The result equals the whole-image {@code gaussian} exactly.
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
		description = "how the image continues past its edges, as in scipy.ndimage")
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

	private <T extends RealType<T> & NativeType<T>> String blur() throws IOException {
		final GaussianBlur g = new GaussianBlur(GaussianBlur.parseSigma(sigma), Boundary.parse(boundary), GaussianKernel.DEFAULT_TRUNCATE,
			null, threads);
		if (input != null && !input.matches(".*[*?\\[{].*")) ImageFiles.refuseOverwrite(output.toPath(), Path.of(input.strip()), "output");
		final int cores = Threads.resolve(threads);
		// probe the input with a small cache first to learn its shape, then size the cache for the blocks
		final AxisImg<T> probe = ChunkedImages.open(input, 1);
		final double[] s = g.sigmaXYZ(probe);
		final long[] shape = chunk == null || chunk.isBlank() || chunk.trim().equalsIgnoreCase("auto") ? null : BlockGrid.parseShape(chunk,
			probe.numDimensions());
		final long[] blocks = (shape != null ? new BlockGrid(probe.data(), shape) : BlockGrid.auto(probe.data(), BlockGrid.DEFAULT_TARGET, 2 *
			cores)).blockSize();
		final long depth = probe.numDimensions() > 2 ? blocks[2] + 2L * GaussianKernel.radius(s[2], GaussianKernel.DEFAULT_TRUNCATE) : 1;
		final AxisImg<T> in = ChunkedImages.open(input, (int) Math.min(4096, cores * depth * 4 + 8));
		final Path out = output.toPath();
		final CommandMonitor monitor = monitor();
		if (ChunkedImages.isZarrOutput(out)) {
			if (!resume && Files.exists(out)) throw new IllegalArgumentException("output: " + out +
				" exists; remove it, or set resume=true to keep its finished chunks");
			final ZarrArray z = ChunkedImages.createOmeZarr(out, in, blocks);
			final BlockProcessor.Summary r = g.applyChunked(in, ZarrImages.sink(z), blocks, monitor);
			return r.processed() + " blocks written, " + r.skipped() + " kept from an earlier run, to " + out;
		}
		final String lower = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		if (!lower.endsWith(".tif") && !lower.endsWith(".tiff")) {
			// a folder of TIFF planes
			if (!resume && Files.exists(TiffPlanes.plane(out, 0))) throw new IllegalArgumentException("output: " + out +
				" has planes already; remove them, or set resume=true to keep the finished ones");
			final BlockProcessor.Summary r = g.applyChunked(in, TiffPlanes.sink(out, in.data().dimensionsAsLongArray(), in.data().getType()),
				blocks, monitor);
			return r.processed() + " blocks written, " + r.skipped() + " kept from an earlier run, as TIFF planes in " + out;
		}
		ImageFiles.checkWritable(out, "output");
		final Img<T> img = new PlanarImgFactory<>(in.data().getType().createVariable()).create(in.data().dimensionsAsLongArray());
		final AxisImg<T> result = in.withData(img);
		final BlockProcessor.Summary r = g.applyChunked(in, FloatBlockSink.into(img), blocks, monitor);
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(result), out);
		return r.processed() + " blocks, written to " + out;
	}

	public String getSummary() {
		return summary;
	}
}
