package org.tessera.chunk;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.tessera.core.CellCache;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.LongArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedLongType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Zarr arrays as ImgLib2 images: read lazily, chunk by chunk, keeping a bounded
 * number of chunks in memory; and written block by block from a
 * {@link BlockProcessor}.
 */
public final class ZarrImages {

	private ZarrImages() {
		// static utility
	}

	/**
	 * A read-only view of a Zarr array: chunks are read when first touched and
	 * at most {@code cachedChunks} are kept (least recently used go first).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T extends RealType<T> & NativeType<T>> LazyCellImg<T, ?> open(final ZarrArray array, final int cachedChunks) {
		final CellGrid grid = new CellGrid(array.shape(), array.chunks());
		final ChunkLoader loader = new ChunkLoader(array, grid);
		final CellCache cache = new CellCache(Math.max(1, cachedChunks), loader::load);
		final NativeType type = switch (array.dtype()) {
			case U8 -> new UnsignedByteType();
			case I8 -> new ByteType();
			case U16 -> new UnsignedShortType();
			case I16 -> new ShortType();
			case U32 -> new UnsignedIntType();
			case I32 -> new IntType();
			case U64 -> new UnsignedLongType();
			case I64 -> new LongType();
			case F32 -> new FloatType();
			case F64 -> new DoubleType();
		};
		return new LazyCellImg(grid, type, cache::get);
	}

	/** Loads and decodes chunks for the cell cache. */
	private static final class ChunkLoader {

		private final ZarrArray array;
		private final CellGrid grid;

		ChunkLoader(final ZarrArray array, final CellGrid grid) {
			this.array = array;
			this.grid = grid;
		}

		Cell<?> load(final long index) {
			final int n = grid.numDimensions();
			final long[] pos = new long[n], min = new long[n];
			final int[] dims = new int[n];
			grid.getCellGridPositionFlat(index, pos);
			grid.getCellDimensions(pos, min, dims);
			final boolean longs = array.dtype() == ZarrArray.DType.I64 || array.dtype() == ZarrArray.DType.U64;
			final double[] full;
			final long[] fullLongs;
			try {
				full = longs ? null : array.readChunk(pos);
				fullLongs = longs ? array.readChunkLongs(pos) : null;
			}
			catch (final IOException e) {
				throw new UncheckedIOException("cannot read chunk " + array.chunkPath(pos) + ": " + e.getMessage(), e);
			}
			final int[] ch = array.chunks();
			int size = 1;
			for (final int d : dims) size *= d;
			final double[] v = longs ? null : new double[size];
			final long[] lv = longs ? new long[size] : null;
			// copy the valid part of the (full-size, C-order) chunk: rows along x
			final int[] p = new int[n];
			for (int i = 0; i < size; i += dims[0]) {
				int rest = i / dims[0], src = 0, stride = ch[0];
				for (int d = 1; d < n; d++) {
					p[d] = rest % dims[d];
					rest /= dims[d];
					src += p[d] * stride;
					stride *= ch[d];
				}
				if (longs) System.arraycopy(fullLongs, src, lv, i, dims[0]);
				else System.arraycopy(full, src, v, i, dims[0]);
			}
			return switch (array.dtype()) {
				case F32 -> {
					final float[] f = new float[size];
					for (int i = 0; i < size; i++) f[i] = (float) v[i];
					yield new Cell<>(dims, min, new FloatArray(f));
				}
				case F64 -> new Cell<>(dims, min, new DoubleArray(v));
				case U16, I16 -> {
					final short[] s = new short[size];
					for (int i = 0; i < size; i++) s[i] = (short) (long) v[i];
					yield new Cell<>(dims, min, new ShortArray(s));
				}
				case U8, I8 -> {
					final byte[] b = new byte[size];
					for (int i = 0; i < size; i++) b[i] = (byte) (long) v[i];
					yield new Cell<>(dims, min, new ByteArray(b));
				}
				case I32, U32 -> {
					final int[] s = new int[size];
					for (int i = 0; i < size; i++) s[i] = (int) (long) v[i];
					yield new Cell<>(dims, min, new IntArray(s));
				}
				case I64, U64 -> new Cell<>(dims, min, new LongArray(lv));
			};
		}
	}

	/**
	 * A sink that writes every block as one chunk of {@code array} (the block
	 * shape must equal the chunk shape); finished chunks count as done, so a
	 * stopped job resumes.
	 */
	public static FloatBlockSink sink(final ZarrArray array) {
		final int[] ch = array.chunks();
		return new FloatBlockSink() {
			@Override
			public void write(final Block block, final float[][] rows, final int x0) throws IOException {
				for (int d = 0; d < ch.length; d++)
					if (block.core().dimension(d) > ch[d])
						throw new IllegalArgumentException("block " + block.key() + " is larger than the Zarr chunks " + java.util.Arrays.toString(ch));
				final int nx = (int) block.core().dimension(0);
				final int ny = ch.length > 1 ? (int) block.core().dimension(1) : 1;
				final int nz = ch.length > 2 ? (int) block.core().dimension(2) : 1;
				final float[] chunk = new float[array.chunkElements()];
				final int cy = ch.length > 1 ? ch[1] : 1;
				for (int z = 0; z < nz; z++)
					for (int y = 0; y < ny; y++) System.arraycopy(rows[y + ny * z], x0, chunk, ch[0] * (y + cy * z), nx);
				array.writeChunk(block.gridPosition(), chunk);
			}

			@Override
			public boolean isDone(final Block block) {
				return array.hasChunk(block.gridPosition());
			}
		};
	}
}
