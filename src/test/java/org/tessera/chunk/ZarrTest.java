package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.testutil.Python;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** Chunked output to Zarr, read back lazily, resumed after a stop, and exchanged with Python's zarr. */
class ZarrTest {

	@TempDir
	Path tmp;

	private static final AxisType[] XYZ = { AxisType.X, AxisType.Y, AxisType.Z };

	private static double[] values(final RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> img) {
		final double[] v = new double[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final var t : net.imglib2.view.Views.flatIterable(img)) v[i++] = t.getRealDouble();
		return v;
	}

	@Test
	void chunkedGaussianIntoZarrEqualsTheWholeImageResultAndReadsBackLazily() throws IOException {
		final AxisImg<FloatType> in = TestImages.randomFloats(3, new long[] { 37, 29, 11 }, XYZ);
		final ZarrArray z = ZarrArray.create(tmp.resolve("blur.zarr/0"), new long[] { 37, 29, 11 }, new int[] { 16, 8, 4 },
			ZarrArray.DType.F32, true);
		final GaussianBlur blur = new GaussianBlur(new double[] { 1.5, 1, 0.8 }, Boundary.REFLECT, 4, null, 2);
		final BlockProcessor.Summary s = blur.applyChunked(in, ZarrImages.sink(z), new long[] { 16, 8, 4 }, TaskMonitor.NONE);
		assertEquals(3 * 4 * 3, s.blocks());
		final RandomAccessibleInterval<FloatType> back = ZarrImages.open(ZarrArray.open(tmp.resolve("blur.zarr/0")), 2);
		assertArrayEquals(TestImages.values(blur.apply(in)), values(back), 0.0);
		assertTrue(Files.exists(tmp.resolve("blur.zarr/0/2/3/2")), "chunk files are nested z/y/x");
	}

	@Test
	void aStoppedJobResumesWithTheMissingChunksOnly() throws IOException {
		final var img = ArrayImgs.unsignedShorts(40, 30);
		TestImages.fill(img, 8, 60000);
		final ZarrArray z = ZarrArray.create(tmp.resolve("u16.zarr"), new long[] { 40, 30 }, new int[] { 10, 10 }, ZarrArray.DType.U16, false);
		final AtomicInteger calls = new AtomicInteger();
		final FloatBlockFunction copy = (rows, dims) -> {
			calls.incrementAndGet();
			return rows;
		};
		final BlockProcessor p = BlockProcessor.of(0, 0).withBlockShape(10, 10).withThreads(1);
		final AtomicInteger checks = new AtomicInteger();
		assertThrows(CancellationException.class, () -> p.processFloats(img, ZarrImages.sink(z), copy, TaskMonitor.cancelledBy(() -> checks
			.incrementAndGet() > 5)));
		try (Stream<Path> files = Files.walk(tmp.resolve("u16.zarr"))) {
			assertEquals(5, files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).count());
		}
		final BlockProcessor.Summary s = p.processFloats(img, ZarrImages.sink(ZarrArray.create(tmp.resolve("u16.zarr"), new long[] { 40, 30 },
			new int[] { 10, 10 }, ZarrArray.DType.U16, false)), copy, TaskMonitor.NONE);
		assertEquals(new BlockProcessor.Summary(12, 7, 5), s);
		assertEquals(12, calls.get());
		final RandomAccessibleInterval<UnsignedShortType> back = ZarrImages.open(z, 4);
		assertArrayEquals(values(img), values(back), 0.0);
	}

	@Test
	void metadataOfAnotherArrayIsNotOverwritten() throws IOException {
		ZarrArray.create(tmp.resolve("a.zarr"), new long[] { 10, 10 }, new int[] { 5, 5 }, ZarrArray.DType.F32, false);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZarrArray.create(tmp.resolve("a.zarr"),
			new long[] { 10, 12 }, new int[] { 5, 5 }, ZarrArray.DType.F32, false));
		assertTrue(e.getMessage().contains("another shape"), e.getMessage());
	}

	/** Python's zarr (Debian python3-zarr) reads what Tessera writes, OME metadata included, and the other way round. */
	@Test
	void pythonZarrReadsOurArraysAndWeReadItsArrays() throws Exception {
		Requirements.requirePythonZarr();
		final AxisImg<FloatType> in = TestImages.randomFloats(5, new long[] { 21, 13, 7 }, XYZ);
		final Path root = tmp.resolve("ome.zarr");
		final ZarrArray z = ZarrArray.create(root.resolve("0"), new long[] { 21, 13, 7 }, new int[] { 8, 8, 3 }, ZarrArray.DType.F32, true);
		OmeZarrPyramid.writeGroup(root, "random", java.util.List.of(new org.tessera.core.Axis(AxisType.X, 0.5, 0, "µm"), new org.tessera.core.Axis(
			AxisType.Y, 0.5, 0, "µm"), new org.tessera.core.Axis(AxisType.Z, 2, 0, "µm")), 1, null);
		BlockProcessor.of(0, 0, 0).withBlockShape(8, 8, 3).processFloats(in.data(), ZarrImages.sink(z), (rows, dims) -> rows,
			TaskMonitor.NONE);
		final String out = Python.run("import zarr, numpy as np\n" + //
			"g = zarr.open_group('" + root + "', mode='r')\n" + //
			"a = g['0']\n" + //
			"ms = g.attrs['multiscales'][0]\n" + //
			"print(a.shape, a.dtype, [x['name'] for x in ms['axes']], ms['datasets'][0]['coordinateTransformations'][0]['scale'])\n" + //
			"print(repr(float(a[3, 5, 7])), repr(float(a[6, 12, 20])), repr(float(np.asarray(a, dtype=np.float64).sum())))");
		final String[] lines = out.split("\n");
		assertEquals("(7, 13, 21) float32 ['z', 'y', 'x'] [2.0, 0.5, 0.5]", lines[0]);
		final double[] v = TestImages.values(in);
		double sum = 0;
		for (final double d : v) sum += (float) d;
		final String[] nums = lines[1].split(" ");
		assertEquals((float) v[7 + 21 * (5 + 13 * 3)], Float.parseFloat(nums[0]), 0f);
		assertEquals((float) v[20 + 21 * (12 + 13 * 6)], Float.parseFloat(nums[1]), 0f);
		assertEquals(sum, Double.parseDouble(nums[2]), 1e-6 * Math.abs(sum));

		// and an array written by Python (zlib, default '.' chunk keys) read by Tessera
		final Path py = tmp.resolve("py.zarr");
		Python.run("import zarr, numcodecs, numpy as np\n" + //
			"a = zarr.open('" + py + "', mode='w', shape=(5, 9), chunks=(2, 4), dtype='<u2', compressor=numcodecs.Zlib(level=3))\n" + //
			"a[:] = np.arange(45, dtype=np.uint16).reshape(5, 9) * 7\n");
		final RandomAccessibleInterval<UnsignedShortType> back = ZarrImages.open(ZarrArray.open(py), 3);
		assertArrayEquals(new long[] { 9, 5 }, back.dimensionsAsLongArray());
		final double[] got = values(back);
		for (int i = 0; i < 45; i++) assertEquals(7.0 * i, got[i], 0.0, "pixel " + i);
	}

	/**
	 * Arrays as zarr-python writes them that a reader could misread without a word: a
	 * filter (refused, never ignored), gzip chunks, a chunk never written (the fill
	 * value, not zeros), a corrupt chunk (one line naming it).
	 */
	@Test
	void filtersFillValuesGzipAndCorruptChunksAreNeverSilent() throws Exception {
		Requirements.requirePythonZarr();
		final Path delta = tmp.resolve("delta.zarr"), gz = tmp.resolve("gzip.zarr"), sparse = tmp.resolve("sparse.zarr");
		Python.run("import zarr, numcodecs, numpy as np\n" + //
			"a = zarr.open('" + delta + "', mode='w', shape=(4, 6), chunks=(2, 3), dtype='<u2', filters=[numcodecs.Delta(dtype='<u2')])\n" + //
			"a[:] = np.arange(24, dtype=np.uint16).reshape(4, 6)\n" + //
			"b = zarr.open('" + gz + "', mode='w', shape=(4, 6), chunks=(2, 3), dtype='<f4', compressor=numcodecs.GZip(level=5))\n" + //
			"b[:] = np.arange(24, dtype=np.float32).reshape(4, 6) / 2\n" + //
			"c = zarr.open('" + sparse + "', mode='w', shape=(4, 6), chunks=(2, 3), dtype='<f4', fill_value=7.5, compressor=None)\n" + //
			"c[0:2, 0:3] = 1\n");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZarrArray.open(delta));
		assertTrue(e.getMessage().contains("Zarr filters") && e.getMessage().contains("delta") && e.getMessage().contains("not supported"), e
			.getMessage());
		final double[] g = values(ZarrImages.open(ZarrArray.open(gz), 2));
		for (int i = 0; i < 24; i++) assertEquals(i / 2.0, g[i], 0.0, "gzip pixel " + i);
		final double[] f = values(ZarrImages.open(ZarrArray.open(sparse), 2));
		assertEquals(1.0, f[0], 0.0, "a written chunk");
		assertEquals(7.5, f[5], 0.0, "a chunk never written holds the fill value");
		assertEquals(7.5, f[23], 0.0);
		// a chunk cut short
		final Path chunk = sparse.resolve("0.0");
		final byte[] bytes = Files.readAllBytes(chunk);
		Files.write(chunk, java.util.Arrays.copyOf(bytes, bytes.length - 4));
		final IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> ZarrArray.open(sparse).readChunk(new long[] { 0,
			0 }));
		assertTrue(cut.getMessage().contains("0.0") && cut.getMessage().contains("cut short"), cut.getMessage());
	}

	/**
	 * Every numeric dtype numpy users write, in both byte orders, reads back with
	 * its values (each array holds values near its type's limits), and runs
	 * through a filter from the command line.
	 */
	@Test
	void everyNumericDtypeInEitherByteOrderIsRead() throws Exception {
		Requirements.requirePythonZarr();
		final String[] dtypes = { "|u1", "|i1", "<u2", ">u2", "<i2", ">i2", "<u4", ">i4", "<i8", ">u8", "<f4", ">f4", "<f8", ">f8" };
		final StringBuilder code = new StringBuilder("import zarr, numpy as np\n");
		for (final String d : dtypes) {
			final String name = d.replace('<', 'l').replace('>', 'b').replace('|', 'n');
			code.append("dt = np.dtype('").append(d).append("')\n");
			code.append("hi = np.iinfo(dt).max if dt.kind in 'ui' else 1e30 if dt.itemsize == 4 else 1e300\n");
			code.append("lo = np.iinfo(dt).min if dt.kind in 'ui' else -hi\n");
			code.append("a = zarr.open('").append(tmp.resolve(name + ".zarr")).append("', mode='w', shape=(2, 3), chunks=(1, 2), dtype=dt, compressor=None)\n");
			code.append("x = np.empty((2, 3), dtype=dt); x.flat[:] = [lo, hi, 0, 1, 2, 3]\n");
			code.append("a[:] = x\n");
		}
		Python.run(code.toString());
		for (final String d : dtypes) {
			final String name = d.replace('<', 'l').replace('>', 'b').replace('|', 'n');
			final ZarrArray a = ZarrArray.open(tmp.resolve(name + ".zarr"));
			final double[] got = values(ZarrImages.open(a, 4));
			final char kind = d.charAt(1);
			final int size = d.charAt(2) - '0';
			final double hi, lo;
			if (kind == 'f') {
				hi = size == 4 ? (float) 1e30 : 1e300;
				lo = -hi;
			}
			else if (kind == 'u') {
				hi = Math.pow(2, 8 * size) - 1;
				lo = 0;
			}
			else {
				hi = Math.pow(2, 8 * size - 1) - 1;
				lo = -Math.pow(2, 8 * size - 1);
			}
			assertEquals(lo, got[0], Math.ulp(lo) * 2, d + " low");
			assertEquals(hi, got[1], Math.ulp(hi) * 2, d + " high");
			assertArrayEquals(new double[] { 0, 1, 2, 3 }, java.util.Arrays.copyOfRange(got, 2, 6), 0, d);
		}
		// a big-endian 16-bit array through a filter from the shell
		final org.tessera.testutil.CliRun.Result r = org.tessera.testutil.CliRun.tessera("gaussian", "input=" + tmp.resolve("bu2.zarr"),
			"output=" + tmp.resolve("blurred.zarr"), "sigma=0", "execution=chunked", "chunk=2,2");
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(values(ZarrImages.open(ZarrArray.open(tmp.resolve("bu2.zarr")), 4)), values(ZarrImages.open(ZarrArray.open(tmp
			.resolve("blurred.zarr/0")), 4)), 0);
	}

	/**
	 * zarr-python's default compressor, Blosc, with each of its codecs and shuffles,
	 * and the Zstd codec: the arrays read back exactly; a corrupt Blosc chunk is one
	 * line naming it; bit shuffle is refused in one line, never misread.
	 */
	@Test
	void bloscAndZstdChunksAsZarrPythonWritesThemAreRead() throws Exception {
		Requirements.requirePythonZarr();
		final String[] cases = { "blosclz 0", "blosclz 1", "lz4 1", "lz4hc 1", "zlib 1", "zstd 1", "lz4 0", "snappy 1" };
		final StringBuilder code = new StringBuilder("import zarr, numcodecs, numpy as np\n");
		code.append("rng = np.random.default_rng(3)\n");
		// smooth data with repeats (compressible) and noise, 16-bit, larger than one Blosc block
		code.append("x = (np.add.outer(np.arange(300), np.arange(280)) % 1000 + rng.integers(0, 5, (300, 280))).astype('<u2')\n");
		code.append("x[100:140, :] = 7\n");
		int k = 0;
		for (final String c : cases) {
			final String[] p = c.split(" ");
			code.append("a = zarr.open('").append(tmp.resolve("blosc" + k++ + ".zarr")).append("', mode='w', shape=x.shape, chunks=(200, 280), ")
				.append("dtype=x.dtype, compressor=numcodecs.Blosc(cname='").append(p[0]).append("', clevel=5, shuffle=").append(p[1]).append("))\n");
			code.append("a[:] = x\n");
		}
		code.append("z = zarr.open('").append(tmp.resolve("zstd.zarr")).append(
			"', mode='w', shape=x.shape, chunks=(128, 128), dtype='<f4', compressor=numcodecs.Zstd(level=3))\n");
		code.append("z[:] = x.astype('<f4') / 3\n");
		code.append("b = zarr.open('").append(tmp.resolve("bit.zarr")).append(
			"', mode='w', shape=x.shape, chunks=(200, 280), dtype=x.dtype, compressor=numcodecs.Blosc(cname='lz4', shuffle=2))\n");
		code.append("b[:] = x\n");
		code.append("np.save('").append(tmp.resolve("x.npy")).append("', x.astype('<f4'))\n");
		Python.run(code.toString());
		final float[] saved = org.tessera.dl.Npy.read(Files.readAllBytes(tmp.resolve("x.npy"))).data();
		final double[] expected = new double[saved.length];
		for (int i = 0; i < saved.length; i++) expected[i] = saved[i];
		for (int i = 0; i < cases.length; i++) {
			final double[] got = values(ZarrImages.open(ZarrArray.open(tmp.resolve("blosc" + i + ".zarr")), 4));
			assertArrayEquals(expected, got, 0, "Blosc " + cases[i]);
		}
		final double[] z = values(ZarrImages.open(ZarrArray.open(tmp.resolve("zstd.zarr")), 4));
		for (int i = 0; i < z.length; i++) assertEquals((float) (expected[i] / 3), z[i], 0, "zstd pixel " + i);
		final IllegalArgumentException bit = assertThrows(IllegalArgumentException.class, () -> values(ZarrImages.open(ZarrArray.open(tmp
			.resolve("bit.zarr")), 4)));
		assertTrue(bit.getMessage().contains("bit shuffle"), bit.getMessage());
		// a Blosc chunk with a flipped byte in its data, and one cut short
		final Path chunk = tmp.resolve("blosc2.zarr/0.0");
		final byte[] bytes = Files.readAllBytes(chunk);
		Files.write(chunk, java.util.Arrays.copyOf(bytes, bytes.length - 10));
		final IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> ZarrArray.open(tmp.resolve("blosc2.zarr"))
			.readChunk(new long[] { 0, 0 }));
		assertTrue(cut.getMessage().contains("0.0") && cut.getMessage().contains("cut short"), cut.getMessage());
	}
}
