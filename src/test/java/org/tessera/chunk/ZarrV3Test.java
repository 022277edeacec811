package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.testutil.CliRun;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Zarr v3 and OME-Zarr 0.5 inputs: arrays a v3 writer made (zarrita; see
 * src/test/resources/zarr-v3), in both byte orders, an OME-Zarr 0.5 group whose
 * image is not at "0", and sharded arrays with compressed inner chunks, a
 * checksummed index and an inner chunk never written, built from the
 * specification; a corrupt shard is one line naming it.
 */
class ZarrV3Test {

	private static final Path FIXTURES = Path.of("src/test/resources/zarr-v3");

	@TempDir
	Path tmp;

	private static double[] values(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final double[] v = new double[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final var t : Views.flatIterable(img)) v[i++] = t.getRealDouble();
		return v;
	}

	private static double[] expected(final java.util.function.IntBinaryOperator rowColumn) {
		final double[] e = new double[45];
		for (int r = 0; r < 5; r++)
			for (int c = 0; c < 9; c++) e[9 * r + c] = rowColumn.applyAsInt(r, c);
		return e;
	}

	@Test
	void arraysAV3WriterMadeAreRead() throws IOException {
		final double[] plain = values(ZarrImages.open(ZarrArray.open(FIXTURES.resolve("plain.zarr")), 4));
		assertArrayEquals(expected((r, c) -> 7 * (9 * r + c)), plain, 0);
		final ZarrArray big = ZarrArray.open(FIXTURES.resolve("big.zarr"));
		assertEquals(ZarrArray.DType.I32, big.dtype());
		assertArrayEquals(expected((r, c) -> 7 * (9 * r + c)), values(ZarrImages.open(big, 4)), 0, "big-endian int32");
		// an OME-Zarr 0.5 group: its image is the first dataset, here "s0"
		final AxisImg<?> ome = ChunkedImages.open(FIXTURES.resolve("ome.zarr").toString(), 4);
		final double[] e = new double[45];
		for (int r = 0; r < 5; r++)
			for (int c = 0; c < 9; c++) e[9 * r + c] = r - c / 2.0;
		assertArrayEquals(e, values(real(ome)), 0);
		// and through a filter from the shell
		final CliRun.Result run = CliRun.tessera("gaussian", "input=" + FIXTURES.resolve("ome.zarr"), "output=" + tmp.resolve("copy.zarr"),
			"sigma=0", "execution=chunked", "chunk=4,4");
		assertEquals(0, run.code(), run.err());
		assertArrayEquals(e, values(ZarrImages.open(ZarrArray.open(tmp.resolve("copy.zarr/0")), 4)), 0);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RandomAccessibleInterval<? extends RealType<?>> real(final AxisImg<?> img) {
		return (RandomAccessibleInterval) img.data();
	}

	/**
	 * A uint16 array of shape (6, 8), value 10 * row + column, in shards of (4, 4)
	 * holding inner chunks of (2, 2), each gzip-compressed; the shard index (offset
	 * and length per inner chunk, uint64 little-endian, C order) at the end with a
	 * CRC-32C; the inner chunk at rows 2-3, columns 4-5 never written (fill value 9).
	 */
	private static Path sharded(final Path dir, final boolean indexAtStart) throws IOException {
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("zarr.json"), "{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": [6, 8], \"data_type\": \"uint16\"," +
			" \"chunk_grid\": {\"name\": \"regular\", \"configuration\": {\"chunk_shape\": [4, 4]}}," +
			" \"chunk_key_encoding\": {\"name\": \"default\", \"configuration\": {\"separator\": \"/\"}}, \"fill_value\": 9," +
			" \"codecs\": [{\"name\": \"sharding_indexed\", \"configuration\": {\"chunk_shape\": [2, 2]," +
			" \"codecs\": [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"gzip\", \"configuration\": {\"level\": 5}}]," +
			" \"index_codecs\": [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"crc32c\"}]," +
			" \"index_location\": \"" + (indexAtStart ? "start" : "end") + "\"}}]}");
		for (int sy = 0; sy < 2; sy++)
			for (int sx = 0; sx < 2; sx++) {
				final ByteArrayOutputStream data = new ByteArrayOutputStream();
				final ByteBuffer index = ByteBuffer.allocate(4 * 16).order(ByteOrder.LITTLE_ENDIAN);
				final int indexBytes = 4 * 16 + 4;
				for (int iy = 0; iy < 2; iy++)
					for (int ix = 0; ix < 2; ix++) {
						final int row0 = 4 * sy + 2 * iy, col0 = 4 * sx + 2 * ix;
						if (row0 >= 6 || row0 == 2 && col0 == 4) {
							index.putLong(-1).putLong(-1); // outside the array, or never written
							continue;
						}
						final ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
						for (int r = 0; r < 2; r++)
							for (int c = 0; c < 2; c++) raw.putShort((short) (10 * (row0 + r) + col0 + c));
						final ByteArrayOutputStream gz = new ByteArrayOutputStream();
						try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
							g.write(raw.array());
						}
						index.putLong((indexAtStart ? indexBytes : 0) + data.size()).putLong(gz.size());
						data.write(gz.toByteArray());
					}
				final CRC32C crc = new CRC32C();
				crc.update(index.array());
				final byte[] crcBytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array();
				final ByteArrayOutputStream shard = new ByteArrayOutputStream();
				if (indexAtStart) {
					shard.write(index.array());
					shard.write(crcBytes);
				}
				shard.write(data.toByteArray());
				if (!indexAtStart) {
					shard.write(index.array());
					shard.write(crcBytes);
				}
				final Path file = dir.resolve("c/" + sy + "/" + sx);
				Files.createDirectories(file.getParent());
				Files.write(file, shard.toByteArray());
			}
		return dir;
	}

	@Test
	void shardedCompressedChecksummedArraysAreRead() throws IOException {
		final double[] e = new double[48];
		for (int r = 0; r < 6; r++)
			for (int c = 0; c < 8; c++) e[8 * r + c] = r >= 2 && r < 4 && c >= 4 && c < 6 ? 9 : 10 * r + c;
		for (final boolean atStart : new boolean[] { false, true }) {
			final ZarrArray a = ZarrArray.open(sharded(tmp.resolve("sharded-" + atStart + ".zarr"), atStart));
			assertArrayEquals(new int[] { 2, 2 }, a.chunks(), "inner chunks are the cells");
			assertArrayEquals(e, values(ZarrImages.open(a, 4)), 0, "index at the " + (atStart ? "start" : "end"));
		}
		// a flipped byte in a shard's index: one line naming the shard
		final Path dir = sharded(tmp.resolve("corrupt.zarr"), false);
		final Path shard = dir.resolve("c/0/0");
		final byte[] b = Files.readAllBytes(shard);
		b[b.length - 10] ^= 0x40;
		Files.write(shard, b);
		final IllegalArgumentException crc = assertThrows(IllegalArgumentException.class, () -> ZarrArray.open(dir).readChunk(new long[] { 0,
			0 }));
		assertTrue(crc.getMessage().contains("c/0/0") && crc.getMessage().contains("CRC-32C"), crc.getMessage());
		// a shard cut short
		Files.write(shard, java.util.Arrays.copyOf(b, 20));
		final IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> ZarrArray.open(dir).readChunk(new long[] { 0,
			0 }));
		assertTrue(cut.getMessage().contains("c/0/0"), cut.getMessage());
		// codecs Tessera does not read are refused, not ignored
		final Path t = Files.createDirectories(tmp.resolve("transposed.zarr"));
		Files.writeString(t.resolve("zarr.json"), Files.readString(FIXTURES.resolve("plain.zarr/zarr.json")).replace("\"codecs\": [",
			"\"codecs\": [{\"name\": \"transpose\", \"configuration\": {\"order\": [1, 0]}},"));
		final IllegalArgumentException tr = assertThrows(IllegalArgumentException.class, () -> ZarrArray.open(t));
		assertTrue(tr.getMessage().contains("transpose"), tr.getMessage());
	}
}
