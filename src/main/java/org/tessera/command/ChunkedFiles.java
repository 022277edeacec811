package org.tessera.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.ChunkedImages;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.JobRecord;
import org.tessera.chunk.OmeZarrPyramid;
import org.tessera.chunk.TiffPlanes;
import org.tessera.chunk.ZarrArray;
import org.tessera.core.AxisImg;
import org.tessera.core.Threads;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.op.BlockJob;
import org.tessera.op.Execution;

import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Work on files of any size, block by block (a {@link BlockJob}: an operation, or a whole-image analysis in passes): the input is a TIFF, a
 * folder or glob of 2D TIFFs (read lazily as a stack) or a Zarr array; the
 * output is OME-Zarr (streamed chunk by chunk, resumable), a folder of TIFF
 * planes (each written when complete, resumable) or one TIFF. The route of
 * {@code chunked-gaussian} and of every filter's {@code execution=chunked}; the
 * result equals the whole-image command's exactly.
 *
 * @param input a TIFF, a folder or glob of 2D TIFFs, or a Zarr array / OME-Zarr
 * @param output a .zarr folder, a .tif file, or a folder for one TIFF per plane
 * @param chunk block shape: "auto", one size, or one per axis
 * @param execution where the blocks run (device and threads) and who hears of it
 * @param resume keep the chunks or planes an earlier, stopped run of the same job wrote
 *          (another job's output is refused, see {@link JobRecord}); false computes everything again
 */
public record ChunkedFiles(String input, Path output, String chunk, Execution execution, boolean resume) {

	/** Runs the job that {@code job} makes for the input image; returns a one-line summary. */
	public String run(final Function<AxisImg<?>, BlockJob> job) throws IOException {
		try {
			return runTyped(job);
		}
		catch (final IOException | RuntimeException e) {
			final java.util.Optional<String> fault = org.tessera.core.IoFaults.describe(e);
			if (fault.isEmpty() || output.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?")) throw e;
			throw new IOException(fault.get() + "; the blocks written so far are kept: run the same command again to go on from them", e);
		}
	}

	private <T extends RealType<T> & NativeType<T>> String runTyped(final Function<AxisImg<?>, BlockJob> makeJob) throws IOException {
		if (input == null || input.isBlank()) throw new IllegalArgumentException("input: no file, folder or Zarr array given");
		if (!input.matches(".*[*?\\[{].*")) ImageFiles.refuseOverwrite(output, Path.of(input.strip()), "output");
		final int cores = Threads.resolve(execution.threads());
		// probe the input with a small cache first to learn its shape, then size the cache for the blocks
		final AxisImg<T> probe = ChunkedImages.open(input, 1);
		final BlockJob work = makeJob.apply(probe);
		final long[] halo = work.halo(probe);
		final long[] shape = chunk == null || chunk.isBlank() || chunk.trim().equalsIgnoreCase("auto") ? null : BlockGrid.parseShape(chunk,
			probe.numDimensions());
		final long[] blocks = work.blockShape((shape != null ? new BlockGrid(probe.data(), shape) : BlockGrid.auto(probe.data(),
			BlockGrid.DEFAULT_TARGET, 2 * cores)).blockSize());
		final long depth = probe.numDimensions() > 2 ? blocks[2] + 2L * halo[2] : 1;
		final AxisImg<T> in = ChunkedImages.open(input, (int) Math.min(4096, cores * depth * 4 + 8));
		final JobRecord job = JobRecord.of(work.name(), work.identity(), input);
		final NativeType<?> type = work.resultType(in.data().getType());
		if (ChunkedImages.isZarrOutput(output)) {
			ChunkedImages.checkLabelsOutput(output, in.data().dimensionsAsLongArray());
			job.prepareStore(output, resume);
			final ZarrArray z = ChunkedImages.createOmeZarr(output, in, blocks, ChunkedImages.dtype(type));
			// the levels viewers open first, made while the full-resolution blocks are written
			final OmeZarrPyramid.Streaming sink = OmeZarrPyramid.streaming(output, z, work.categorical());
			final BlockJob.Outcome r = work.run(in, sink, blocks, execution);
			final int levels = sink.finish(in.name(), in.axes(), execution.threads(), execution.monitor());
			return found(r) + r.blocks().processed() + " blocks written, " + r.blocks().skipped() + " kept from an earlier run, to " + output +
				" (" + levels + " resolution levels)";
		}
		final String lower = output.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".tif") && !lower.endsWith(".tiff")) {
			job.preparePlanes(output, resume);
			final BlockJob.Outcome r = work.run(in, TiffPlanes.sink(output, in.data().dimensionsAsLongArray(), (RealType<?>) type), blocks,
				execution);
			return found(r) + r.blocks().processed() + " blocks written, " + r.blocks().skipped() + " kept from an earlier run, as TIFF planes in " +
				output;
		}
		ImageFiles.checkWritable(output, "output");
		final long[] dims = in.data().dimensionsAsLongArray();
		final AxisImg<?> result = in.withData(planar(type, dims));
		final BlockJob.Outcome r = work.run(in, FloatBlockSink.into(real(result)), blocks, execution);
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(result), output);
		return found(r) + r.blocks().processed() + " blocks, written to " + output;
	}

	private static String found(final BlockJob.Outcome r) {
		return r.findings().isEmpty() ? "" : r.findings() + "; ";
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static net.imglib2.img.Img<?> planar(final net.imglib2.type.NativeType type, final long[] dims) {
		return new PlanarImgFactory(type).create(dims);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static net.imglib2.RandomAccessibleInterval real(final AxisImg<?> img) {
		return img.data();
	}
}
