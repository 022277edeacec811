package org.tessera.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.tessera.batch.FolderBatch;
import org.tessera.batch.OutputType;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.segment.ChunkedLabeling;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.segment.ConnectedComponents;

import ij.ImagePlus;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Tessera's chunked processing against the Python peers in
 * {@code ../shared/bench/peers/} (dask, scipy, scikit-image), on the same work
 * and the same machine, in one run. Prints medians, ratios and the agreement of
 * the outputs. Run with {@code scripts/bench/chunks [PEERS_DIR]}.
 * <ul>
 * <li>a. seed_batch: 20 images of 1024² float, Gaussian σ 10, input and output
 * variance, 8-bit TIFF writes;</li>
 * <li>b. big_overlap: 8192² float32 σ 4 in 1024² blocks, and 256×1024² uint16 σ 2
 * in 64×512×512 blocks, halo = kernel radius, reflect;</li>
 * <li>c. label_chunks: 8192² blobs (noise, blur σ 4, threshold mean + 0.5 sd) in
 * 64 blocks, connectivity 1 and 2;</li>
 * <li>d. 1 against 2 threads for a and b.</li>
 * </ul>
 * Tessera's times are medians of 5 runs after one warm-up run (the JIT); the
 * peers' are the medians their scripts print (3 runs).
 */
public final class ChunkBench {

	private static final int REPEATS = 5;

	private final Path peers;
	private final Path work;
	private final Map<String, Double> tessera = new LinkedHashMap<>();
	private final Map<String, String> peer = new LinkedHashMap<>();
	private final List<String> agreement = new ArrayList<>();

	private ChunkBench(final Path peers, final Path work) {
		this.peers = peers;
		this.work = work;
	}

	public static void main(final String[] args) throws Exception {
		final Path peers = Path.of(args.length > 0 ? args[0] : "../shared/bench/peers");
		final String only = args.length > 1 ? args[1] : "abc";
		final Path work = Files.createTempDirectory("tessera-chunk-bench");
		final ChunkBench b = new ChunkBench(peers, work);
		System.out.printf(Locale.ROOT, "ChunkBench: %d cores, Java %s, max heap %d MiB, loadavg %s%n", Runtime.getRuntime()
			.availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, loadavg());
		if (only.contains("a")) b.seedBatch();
		if (only.contains("b")) b.bigOverlap();
		if (only.contains("c")) b.labels();
		b.report();
		System.exit(0);
	}

	private static String loadavg() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (final IOException e) {
			return "?";
		}
	}

	private static double median(final Runnable r) {
		r.run(); // warm-up
		final double[] t = new double[REPEATS];
		for (int i = 0; i < REPEATS; i++) {
			System.gc();
			final long t0 = System.nanoTime();
			r.run();
			t[i] = (System.nanoTime() - t0) / 1e9;
		}
		Arrays.sort(t);
		return t[REPEATS / 2];
	}

	// ---- a. seed batch ----

	/** The peer's image: normal noise around 0.5 (sd 0.2), clipped to [0, 1] (Java 17's ziggurat normals, like numpy's). */
	private static float[] seedImage(final int index, final int size) {
		final SplittableRandom r = new SplittableRandom(index);
		final float[] px = new float[size * size];
		for (int i = 0; i < px.length; i++) px[i] = (float) Math.max(0, Math.min(1, 0.5 + 0.2 * r.nextGaussian()));
		return px;
	}

	private static double variance(final float[] v) {
		double s = 0;
		for (final float x : v) s += x;
		final double m = s / v.length;
		double q = 0;
		for (final float x : v) q += (x - m) * (x - m);
		return q / v.length;
	}

	/** The peer's loop body in Tessera: make, blur (one thread), two variances, 8-bit TIFF. */
	private static void seedItem(final int index, final Path dir) {
		final float[] px = seedImage(index, 1024);
		final AxisImg<FloatType> img = AxisImg.of("img", ArrayImgs.floats(px, 1024, 1024), AxisType.X, AxisType.Y);
		final AxisImg<FloatType> out = new GaussianBlur(new double[] { 10 }, Boundary.NEAREST, GaussianKernel.DEFAULT_TRUNCATE, null, 1)
			.apply(img);
		final ImagePlus result = ImagePlusViews.toImagePlus(out);
		if (variance(px) <= FolderBatch.variance(result)) throw new IllegalStateException("blur did not lower the variance");
		try {
			ImageFiles.writeTiff(OutputType.U8.convert(result), dir.resolve(String.format("img_%04d.tif", index)));
		}
		catch (final IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private double seedRun(final int threads) {
		return median(() -> {
			try {
				final Path dir = Files.createTempDirectory(work, "seed");
				final List<Integer> items = new ArrayList<>();
				for (int i = 0; i < 20; i++) items.add(i);
				Threads.forEach(Threads.executor(threads), items, i -> seedItem(i, dir));
				try (var files = Files.list(dir)) {
					if (files.count() != 20) throw new IllegalStateException("missing outputs");
				}
			}
			catch (final IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
	}

	private void seedBatch() throws Exception {
		System.out.println("a. seed batch ...");
		tessera.put("a.tessera.threads", seedRun(0));
		tessera.put("a.tessera.1thread", seedRun(1));
		// the user's route: the batch command's library on 20 float TIFFs
		final Path in = Files.createDirectories(work.resolve("seed-in"));
		for (int i = 0; i < 20; i++)
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(AxisImg.of("i", ArrayImgs.floats(seedImage(i, 1024), 1024, 1024), AxisType.X,
				AxisType.Y)), in.resolve(String.format("img_%04d.tif", i)));
		final org.scijava.Context ctx = new org.scijava.Context();
		try {
			final var pipeline = org.tessera.batch.Pipelines.parse(ctx, "gaussian sigma=10 device=CPU boundary=nearest", 1);
			final List<Path> files = FolderBatch.resolveInputs(in.toString());
			tessera.put("a.tessera.batch_command", median(() -> {
				try {
					new FolderBatch(files, Files.createTempDirectory(work, "batch"), 0, false, OutputType.U8).run(pipeline, TaskMonitor.NONE);
				}
				catch (final IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}));
		}
		finally {
			ctx.dispose();
		}
		peerRun("seed_batch", "--modes", "serial,threads");
		// agreement with scikit-image on the peer's own first image
		if (python("agreement.py", "seed", work.toString()) != null) {
			final float[] src = readFloats(work.resolve("seed_in.f32"));
			final float[] ref = readFloats(work.resolve("seed_out.f32"));
			final AxisImg<FloatType> img = AxisImg.of("s", ArrayImgs.floats(src, 1024, 1024), AxisType.X, AxisType.Y);
			final AxisImg<FloatType> out = new GaussianBlur(new double[] { 10 }, Boundary.NEAREST, 4, null, 0).apply(img);
			agreement.add(String.format(Locale.ROOT, "a. Gaussian σ10 vs skimage.filters.gaussian on seed_batch image 0: max |diff| = %.2e",
				maxDiff(ref, values(out))));
		}
	}

	// ---- b. big overlap ----

	private void bigOverlap() throws Exception {
		System.out.println("b. big overlap ...");
		{
			final ArrayImg<FloatType, FloatArray> in = ArrayImgs.floats(8192, 8192);
			final float[] d = in.update(null).getCurrentStorageArray();
			final SplittableRandom r = new SplittableRandom(12345);
			for (int i = 0; i < d.length; i++) d[i] = (float) r.nextDouble();
			final ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(8192, 8192);
			final AxisImg<FloatType> ai = AxisImg.of("in", in, AxisType.X, AxisType.Y), ao = AxisImg.of("out", out, AxisType.X, AxisType.Y);
			for (final int threads : new int[] { 0, 1 }) {
				final GaussianBlur blur = new GaussianBlur(new double[] { 4 }, Boundary.REFLECT, 4, null, threads);
				tessera.put("b.2d.tessera." + (threads == 0 ? "threads" : "1thread"), median(() -> blur.applyChunked(ai, ao, new long[] { 1024,
					1024 }, TaskMonitor.NONE)));
			}
		}
		System.gc();
		{
			final var in = ArrayImgs.unsignedShorts(1024, 1024, 256);
			final short[] d = in.update(null).getCurrentStorageArray();
			final SplittableRandom r = new SplittableRandom(12345);
			for (int i = 0; i < d.length; i++) d[i] = (short) r.nextInt(4096);
			final var out = ArrayImgs.unsignedShorts(1024, 1024, 256);
			final var blur = new GaussianBlur(new double[] { 2 }, Boundary.REFLECT, 4, null, 0);
			tessera.put("b.3d.tessera.threads", median(() -> blur.applyChunked(AxisImg.of("in", in, AxisType.X, AxisType.Y, AxisType.Z), AxisImg
				.of("out", out, AxisType.X, AxisType.Y, AxisType.Z), new long[] { 512, 512, 64 }, TaskMonitor.NONE)));
		}
		System.gc();
		peerRun("big_overlap", "--with-3d");
		// agreement with scipy's gaussian_filter (reflect), chunked 256² blocks on a 1024² image
		if (python("agreement.py", "gauss2d", work.toString()) != null) {
			final float[] src = readFloats(work.resolve("gauss_in.f32"));
			final float[] ref = readFloats(work.resolve("gauss_out.f32"));
			final var out = ArrayImgs.floats(1024, 1024);
			new GaussianBlur(new double[] { 4 }, Boundary.REFLECT, 4, null, 0).applyChunked(AxisImg.of("g", ArrayImgs.floats(src, 1024, 1024),
				AxisType.X, AxisType.Y), AxisImg.of("o", out, AxisType.X, AxisType.Y), new long[] { 256, 256 }, TaskMonitor.NONE);
			agreement.add(String.format(Locale.ROOT, "b. chunked Gaussian σ4 (256² blocks) vs scipy gaussian_filter(reflect): max |diff| = %.2e",
				maxDiff(ref, out.update(null).getCurrentStorageArray())));
		}
	}

	// ---- c. labels ----

	/** Blobs as the peer makes them: uniform noise, Gaussian σ 4 (reflect), above mean + 0.5 sd. */
	private static ArrayImg<UnsignedByteType, ByteArray> blobs(final int size) {
		final ArrayImg<FloatType, FloatArray> noise = ArrayImgs.floats(size, size);
		final float[] d = noise.update(null).getCurrentStorageArray();
		final SplittableRandom r = new SplittableRandom(7);
		for (int i = 0; i < d.length; i++) d[i] = (float) r.nextDouble();
		final ArrayImg<FloatType, FloatArray> smooth = ArrayImgs.floats(size, size);
		new GaussianBlur(new double[] { 4 }, Boundary.REFLECT, 4, null, 0).applyChunked(AxisImg.of("n", noise, AxisType.X, AxisType.Y), AxisImg
			.of("s", smooth, AxisType.X, AxisType.Y), null, TaskMonitor.NONE);
		final float[] s = smooth.update(null).getCurrentStorageArray();
		double sum = 0, sq = 0;
		for (final float v : s) {
			sum += v;
			sq += (double) v * v;
		}
		final double mean = sum / s.length, sd = Math.sqrt(sq / s.length - mean * mean), thr = mean + 0.5 * sd;
		final ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(size, size);
		final byte[] m = mask.update(null).getCurrentStorageArray();
		for (int i = 0; i < m.length; i++) m[i] = (byte) (s[i] > thr ? 1 : 0);
		return mask;
	}

	private void labels() throws Exception {
		System.out.println("c. labels ...");
		final var mask = blobs(8192);
		final Map<Connectivity, ArrayImg<IntType, IntArray>> results = new LinkedHashMap<>();
		for (final Connectivity c : Connectivity.values()) {
			final String key = "c.conn" + (c == Connectivity.FACE ? 1 : 2);
			final ChunkedLabeling lab = new ChunkedLabeling(new long[] { 1024, 1024 }, c, 0);
			final Supplier<ArrayImg<IntType, IntArray>> run = () -> {
				final ArrayImg<IntType, IntArray> out = ArrayImgs.ints(8192, 8192);
				lab.labelInto(mask, out, TaskMonitor.NONE);
				return out;
			};
			tessera.put(key + ".tessera.threads", median(run::get));
			results.put(c, run.get());
		}
		peerRun("label_chunks");
		// agreement with scipy.ndimage.label on the same mask
		final Path maskFile = work.resolve("mask.u8");
		Files.write(maskFile, mask.update(null).getCurrentStorageArray());
		for (final Connectivity c : Connectivity.values()) {
			final int conn = c == Connectivity.FACE ? 1 : 2;
			final Path ref = work.resolve("labels" + conn + ".i32");
			final String n = python("agreement.py", "label", maskFile.toString(), "8192", "8192", Integer.toString(conn), ref.toString());
			if (n == null) continue;
			final int[] expected = new int[8192 * 8192];
			ByteBuffer.wrap(Files.readAllBytes(ref)).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(expected);
			final boolean same = ConnectedComponents.samePartition(ArrayImgs.ints(expected, 8192, 8192), results.get(c));
			agreement.add(String.format(Locale.ROOT, "c. connectivity %d: scipy %s objects, Tessera %d, same partition: %s", conn, n.trim(),
				ConnectedComponents.count(results.get(c)), same));
		}
	}

	// ---- peers and report ----

	private void peerRun(final String name, final String... args) {
		final List<String> cmd = new ArrayList<>(List.of("peer_medians.py", peers.toString(), name));
		cmd.addAll(List.of(args));
		final String out = python(cmd.toArray(String[]::new));
		if (out == null) return;
		for (final String line : out.split("\n")) {
			final int sp = line.indexOf(' ');
			if (sp > 0) peer.put(line.substring(0, sp), line.substring(sp + 1).trim());
		}
	}

	/** Runs a script of scripts/bench with /usr/bin/python3; its stdout, or null (with a note) if it failed. */
	private String python(final String... args) {
		final List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "scripts/bench/" + args[0]));
		cmd.addAll(Arrays.asList(args).subList(1, args.length));
		try {
			final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			final StringBuilder sb = new StringBuilder();
			try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
				r.lines().forEach(l -> sb.append(l).append('\n'));
			}
			if (p.waitFor() != 0) {
				agreement.add("(" + String.join(" ", args) + " failed with exit " + p.exitValue() + ")");
				return null;
			}
			return sb.toString();
		}
		catch (final IOException | InterruptedException e) {
			agreement.add("(" + args[0] + " not run: " + e.getMessage() + ")");
			return null;
		}
	}

	private static float[] readFloats(final Path p) throws IOException {
		final byte[] b = Files.readAllBytes(p);
		final float[] f = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
		return f;
	}

	private static float[] values(final AxisImg<FloatType> img) {
		final float[] v = new float[(int) net.imglib2.util.Intervals.numElements(img.data())];
		int i = 0;
		for (final FloatType t : net.imglib2.view.Views.flatIterable(img.data())) v[i++] = t.get();
		return v;
	}

	private static double maxDiff(final float[] a, final float[] b) {
		double m = 0;
		for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
		return m;
	}

	private double peerValue(final String key) {
		final String v = peer.get(key);
		return v == null ? Double.NaN : Double.parseDouble(v);
	}

	private void row(final String what, final String tKey, final String pKey, final String pLabel) {
		final double t = tessera.getOrDefault(tKey, Double.NaN), p = peerValue(pKey);
		System.out.printf(Locale.ROOT, "| %s | %.3f | %s %.3f | %.2fx |%n", what, t, pLabel, p, p / t);
	}

	private void report() {
		System.out.println();
		System.out.println("| work | Tessera (s) | peer (s) | peer / Tessera |");
		System.out.println("|---|---|---|---|");
		row("a. seed batch, 20 × 1024², all cores", "a.tessera.threads", "seed_batch.threads", "dask threads");
		row("a. seed batch through the batch command (reads TIFFs)", "a.tessera.batch_command", "seed_batch.threads", "dask threads");
		row("a. seed batch, 1 thread", "a.tessera.1thread", "seed_batch.serial", "serial");
		row("b. 2D 8192² float32 σ4, 1024² blocks, all cores", "b.2d.tessera.threads", "big_overlap.2d.dask_map_overlap_threads",
			"dask map_overlap threads");
		row("b. 2D, 1 thread", "b.2d.tessera.1thread", "big_overlap.2d.dask_map_overlap_sync", "dask map_overlap sync");
		row("b. 3D 256×1024² uint16 σ2, 64×512² blocks, all cores", "b.3d.tessera.threads", "big_overlap.3d.dask_map_overlap_threads",
			"dask map_overlap threads");
		row("c. labels 8192², 64 blocks, connectivity 1", "c.conn1.tessera.threads", "label_chunks.conn1.whole_scipy_label",
			"scipy label whole");
		row("c. labels, connectivity 2", "c.conn2.tessera.threads", "label_chunks.conn2.whole_scipy_label", "scipy label whole");
		row("c. labels, connectivity 1, vs chunked peer", "c.conn1.tessera.threads", "label_chunks.conn1.chunked_threads",
			"chunked threads");
		System.out.println();
		System.out.printf(Locale.ROOT, "d. 1 → all-core speed-up: seed batch %.2fx, 2D overlap %.2fx%n", tessera.getOrDefault(
			"a.tessera.1thread", Double.NaN) / tessera.getOrDefault("a.tessera.threads", Double.NaN), tessera.getOrDefault("b.2d.tessera.1thread",
				Double.NaN) / tessera.getOrDefault("b.2d.tessera.threads", Double.NaN));
		for (final String a : agreement) System.out.println(a);
		System.out.println("peer loadavg start/end: " + peer.getOrDefault("loadavg", "?") + "; now " + loadavg());
	}
}
