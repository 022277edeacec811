package org.tessera.chunk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Rows;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

/**
 * Chunked output as one TIFF per z plane ({@code plane_00000.tif}, ...): each
 * plane is filled by the blocks that cover it and written, atomically, as soon
 * as the last of them has arrived, so only the planes in progress are in
 * memory. A rerun skips the blocks whose planes all exist.
 */
public final class TiffPlanes {

	private TiffPlanes() {
		// static utility
	}

	/** The file of plane z. */
	public static Path plane(final Path dir, final long z) {
		return dir.resolve(String.format(Locale.ROOT, "plane_%05d.tif", z));
	}

	/**
	 * A sink writing the planes of an image of size {@code shape} (x, y[, z]) into
	 * {@code dir}, in the pixel type of {@code type} (8-, 16-bit or float).
	 */
	public static FloatBlockSink sink(final Path dir, final long[] shape, final RealType<?> type) throws IOException {
		Files.createDirectories(dir);
		final int nx = (int) shape[0], ny = shape.length > 1 ? (int) shape[1] : 1;
		final Map<Long, float[]> planes = new HashMap<>();
		final Map<Long, Long> remaining = new HashMap<>();
		return new FloatBlockSink() {
			@Override
			public void write(final Block block, final float[][] rows, final int x0) throws IOException {
				final long bx = block.core().min(0), bw = block.core().dimension(0);
				final long by = shape.length > 1 ? block.core().min(1) : 0, bh = shape.length > 1 ? block.core().dimension(1) : 1;
				final long bz = shape.length > 2 ? block.core().min(2) : 0, bd = shape.length > 2 ? block.core().dimension(2) : 1;
				for (long z = bz; z < bz + bd; z++) {
					final float[] plane;
					synchronized (planes) {
						plane = planes.computeIfAbsent(z, k -> new float[nx * ny]);
					}
					for (int y = 0; y < bh; y++)
						System.arraycopy(rows[(int) (y + bh * (z - bz))], x0, plane, (int) (bx + nx * (by + y)), (int) bw);
					final boolean complete;
					synchronized (planes) {
						final long left = remaining.getOrDefault(z, (long) nx * ny) - bw * bh;
						complete = left == 0;
						if (complete) {
							planes.remove(z);
							remaining.remove(z);
						}
						else remaining.put(z, left);
					}
					if (complete) writePlane(dir, z, plane, nx, ny, type);
				}
			}

			@Override
			public boolean isDone(final Block block) {
				final long bz = shape.length > 2 ? block.core().min(2) : 0, bd = shape.length > 2 ? block.core().dimension(2) : 1;
				for (long z = bz; z < bz + bd; z++)
					if (!Files.exists(plane(dir, z))) return false;
				return true;
			}
		};
	}

	private static void writePlane(final Path dir, final long z, final float[] plane, final int nx, final int ny, final RealType<?> type)
		throws IOException
	{
		final AxisImg<?> img;
		if (type instanceof net.imglib2.type.numeric.integer.UnsignedByteType) {
			final var a = ArrayImgs.unsignedBytes(nx, ny);
			for (int y = 0; y < ny; y++) Rows.write(plane, nx * y, a, 0, y, 0, nx);
			img = AxisImg.of("plane", a, AxisType.X, AxisType.Y);
		}
		else if (type instanceof net.imglib2.type.numeric.integer.UnsignedShortType) {
			final var a = ArrayImgs.unsignedShorts(nx, ny);
			for (int y = 0; y < ny; y++) Rows.write(plane, nx * y, a, 0, y, 0, nx);
			img = AxisImg.of("plane", a, AxisType.X, AxisType.Y);
		}
		else img = AxisImg.of("plane", ArrayImgs.floats(plane, nx, ny), AxisType.X, AxisType.Y);
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(img), plane(dir, z));
	}
}
