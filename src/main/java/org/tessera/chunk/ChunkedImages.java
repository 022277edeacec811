package org.tessera.chunk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Opens what users give as the input of a chunked job: a TIFF file (read into
 * memory), a folder or glob of 2D TIFFs (read lazily as a z stack), or a Zarr
 * array / OME-Zarr group (read lazily, chunk by chunk).
 */
public final class ChunkedImages {

	private ChunkedImages() {
		// static utility
	}

	/** Whether a path names a Zarr array (v2 or v3) or an OME-Zarr group. */
	public static boolean isZarr(final Path p) {
		return Files.isRegularFile(p.resolve(".zarray")) || Files.isRegularFile(p.resolve("zarr.json")) || Files.isRegularFile(p.resolve(
			".zattrs")) && Files.isRegularFile(p.resolve(".zgroup")) || Files.isRegularFile(p.resolve("0").resolve(".zarray"));
	}

	/**
	 * The array of a Zarr path: the path itself, or in an OME-Zarr group (0.4 on
	 * Zarr v2, 0.5 on v3) the first dataset of the first multiscale image, the
	 * full-resolution one ("0" when the group says nothing).
	 */
	public static Path zarrArray(final Path p) {
		if (Files.isRegularFile(p.resolve(".zarray"))) return p;
		try {
			JsonObject attrs = null;
			if (Files.isRegularFile(p.resolve("zarr.json"))) {
				final JsonObject g = JsonParser.parseString(Files.readString(p.resolve("zarr.json"))).getAsJsonObject();
				if (g.has("node_type") && "array".equals(g.get("node_type").getAsString())) return p;
				attrs = g.has("attributes") ? g.getAsJsonObject("attributes") : null;
				if (attrs != null && attrs.has("ome")) attrs = attrs.getAsJsonObject("ome");
			}
			else if (Files.isRegularFile(p.resolve(".zattrs"))) attrs = JsonParser.parseString(Files.readString(p.resolve(".zattrs")))
				.getAsJsonObject();
			if (attrs != null && attrs.has("multiscales")) {
				final JsonObject ms = attrs.getAsJsonArray("multiscales").get(0).getAsJsonObject();
				return p.resolve(ms.getAsJsonArray("datasets").get(0).getAsJsonObject().get("path").getAsString());
			}
		}
		catch (final IOException | RuntimeException e) {
			throw new IllegalArgumentException("input: " + p + " has unreadable OME-Zarr metadata (" + e.getMessage() + ")");
		}
		return p.resolve("0");
	}

	/**
	 * Opens an input for chunked processing.
	 *
	 * @param cache how many files or chunks a lazy input keeps in memory
	 * @throws IllegalArgumentException naming the problem (missing file, no TIFFs, unsupported data)
	 */
	public static <T extends RealType<T> & NativeType<T>> AxisImg<T> open(final String input, final int cache) throws IOException {
		final String s = input == null ? "" : input.trim();
		if (s.isEmpty()) throw new IllegalArgumentException("input: nothing given");
		final Path p = Path.of(s);
		final RandomAccessibleInterval<T> data;
		final String name = p.getFileName() == null ? s : p.getFileName().toString();
		if (Files.isDirectory(p) && isZarr(p)) data = ZarrImages.open(ZarrArray.open(zarrArray(p)), cache);
		else if (Files.isDirectory(p) || s.contains("*") || s.contains("?")) {
			final List<Path> files = ImageFiles.listTiffs(s);
			data = LazyTiffs.stack(files, cache);
		}
		else {
			final AxisImg<T> img = ImagePlusViews.wrapReal(ImageFiles.read(p, "input"));
			for (final var a : img.axes())
				if (a.type() == AxisType.CHANNEL || a.type() == AxisType.TIME)
					throw new IllegalArgumentException("input: " + p + " has channels or time points; chunked processing takes 2D or 3D images");
			return img;
		}
		if (data.numDimensions() < 2 || data.numDimensions() > 3)
			throw new IllegalArgumentException("input: " + s + " has " + data.numDimensions() + " dimensions; expected 2 or 3");
		return data.numDimensions() == 2 ? AxisImg.of(name, data, AxisType.X, AxisType.Y) : AxisImg.of(name, data, AxisType.X, AxisType.Y,
			AxisType.Z);
	}

	/** The Zarr dtype for a pixel type (32-bit float for anything else). */
	public static ZarrArray.DType dtype(final Object type) {
		if (type instanceof UnsignedByteType) return ZarrArray.DType.U8;
		if (type instanceof UnsignedShortType) return ZarrArray.DType.U16;
		if (type instanceof IntType) return ZarrArray.DType.I32;
		return ZarrArray.DType.F32;
	}

	/** Whether an output path means OME-Zarr: it ends with .zarr, or it is a label image {@code <image>.zarr/labels/<name>}. */
	public static boolean isZarrOutput(final Path p) {
		return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zarr") || labelsImage(p) != null;
	}

	/**
	 * The OME-Zarr image that an output {@code <image>.zarr/labels/<name>} labels
	 * (OME-Zarr's {@code labels/} group, which napari and Fiji's readers open
	 * with the image), or null for other paths.
	 */
	public static Path labelsImage(final Path p) {
		final Path abs = p.toAbsolutePath().normalize(), parent = abs.getParent();
		if (parent == null || parent.getFileName() == null || !parent.getFileName().toString().equals("labels")) return null;
		final Path image = parent.getParent();
		return image != null && image.getFileName() != null && image.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zarr") ? image
			: null;
	}

	/**
	 * Checks, before any work, that a label output inside an OME-Zarr image's
	 * {@code labels/} group fits it: the image exists and its full-resolution
	 * array has the size of the labels ({@code dims}, x first).
	 *
	 * @throws IllegalArgumentException naming the output and the problem
	 */
	public static void checkLabelsOutput(final Path output, final long[] dims) throws IOException {
		final Path image = labelsImage(output);
		if (image == null) return;
		if (!Files.isDirectory(image) || !isZarr(image)) throw new IllegalArgumentException("output: " + output + " is a labels/ group of " +
			image + ", which is not an OME-Zarr image; write the labels into an existing image, or to a folder ending in .zarr");
		final long[] shape = ZarrArray.open(zarrArray(image)).shape();
		final long[] spatial = java.util.Arrays.copyOf(shape, Math.min(shape.length, dims.length));
		if (!java.util.Arrays.equals(spatial, dims)) throw new IllegalArgumentException("output: the labels are " + java.util.Arrays.toString(
			dims) + " (x, y[, z]) but the image " + image + " is " + java.util.Arrays.toString(shape) + "; labels/ must match the image");
	}

	/**
	 * Creates (or, for a rerun, opens) the OME-Zarr output of a chunked job on
	 * {@code image}: the array at {@code <root>/0} with one chunk per block, and
	 * the OME 0.4 group metadata with the image's axes, pixel sizes and units
	 * (the levels below it are added when it is complete: {@link OmeZarrPyramid}).
	 */
	public static ZarrArray createOmeZarr(final Path root, final AxisImg<?> image, final long[] blockShape) throws IOException {
		return createOmeZarr(root, image, blockShape, dtype(image.data().getType()));
	}

	/** The same with another pixel type than the image's (32-bit float for a difference of Gaussians, say). */
	public static ZarrArray createOmeZarr(final Path root, final AxisImg<?> image, final long[] blockShape, final ZarrArray.DType dtype)
		throws IOException
	{
		final int[] chunks = new int[blockShape.length];
		for (int d = 0; d < chunks.length; d++) chunks[d] = (int) blockShape[d];
		final ZarrArray z = ZarrArray.create(root.resolve("0"), image.data().dimensionsAsLongArray(), chunks, dtype, true);
		OmeZarrPyramid.writeGroup(root, image.name(), image.axes(), 1, null);
		return z;
	}
}
