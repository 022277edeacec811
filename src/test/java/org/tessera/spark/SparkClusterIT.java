package org.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;

/**
 * A real standalone Spark cluster on the loopback interface: a master and two
 * workers, each its own JVM, from the Spark jars the build uses (a
 * {@code SPARK_HOME} with {@code RELEASE} and {@code jars/}; the workers also
 * need {@code SPARK_SCALA_VERSION}), and Tessera's block job submitted through
 * {@code SparkSubmit} as docs/usage.md says. One worker is killed
 * ({@code kill -9}, with its executor) in the middle of the job: the job
 * finishes, and its OME-Zarr equals the command line's. A master that does not
 * answer is one line, exit 2, within the configured wait, and nothing is
 * written.
 */
class SparkClusterIT {

	@TempDir
	static Path tmp;

	private static Path home;
	private static int masterPort;
	private static final List<Process> daemons = new ArrayList<>();
	private static final Map<String, Process> workers = new LinkedHashMap<>();

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	private static ProcessBuilder java(final Path log, final String... args) {
		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
			home.resolve("jars") + File.separator + "*"));
		cmd.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().put("SPARK_HOME", home.toString());
		pb.environment().put("SPARK_SCALA_VERSION", "2.13");
		return pb;
	}

	private static void waitFor(final Path log, final String text, final int seconds) throws Exception {
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < end) {
			if (Files.exists(log) && Files.readString(log).contains(text)) return;
			Thread.sleep(200);
		}
		throw new AssertionError("'" + text + "' not in " + log + " within " + seconds + " s:\n" + (Files.exists(log) ? Files.readString(log) : ""));
	}

	@BeforeAll
	static void startCluster() throws Exception {
		home = Files.createDirectories(tmp.resolve("spark-home"));
		final Path jars = Files.createDirectories(home.resolve("jars"));
		// the test class path (Surefire and Failsafe start the JVM from a manifest-only jar, and name the real one here)
		final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		for (final String entry : classPath.split(File.pathSeparator)) {
			final Path p = Path.of(entry);
			if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) Files.createSymbolicLink(jars
				.resolve(p.getFileName()), p.toAbsolutePath());
		}
		Files.writeString(home.resolve("RELEASE"), "Spark (the build's spark-core jars, for Tessera's cluster test)\n");
		masterPort = freePort();
		final Path masterLog = tmp.resolve("master.log");
		daemons.add(java(masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
			"--webui-port", Integer.toString(freePort())).start());
		waitFor(masterLog, "I have been elected leader", 90);
		for (final String w : List.of("worker1", "worker2")) {
			final Path log = tmp.resolve(w + ".log");
			final Process p = java(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
				"--work-dir", Files.createDirectories(tmp.resolve(w)).toString(), "--webui-port", Integer.toString(freePort()), "spark://127.0.0.1:" +
					masterPort).start();
			daemons.add(p);
			workers.put(w, p);
			waitFor(log, "Successfully registered with master", 90);
		}
	}

	@AfterAll
	static void stopCluster() {
		for (final Process p : daemons) kill(p);
	}

	/** kill -9 of a daemon and what it started (a worker's executors). */
	private static void kill(final Process p) {
		p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
	}

	private static Path tesseraJar() throws IOException {
		try (Stream<Path> s = Files.list(Path.of("target"))) {
			return s.filter(f -> f.getFileName().toString().matches("Tessera_-[^-]+(-SNAPSHOT)?\\.jar")).findFirst().orElseThrow(
				() -> new AssertionError("no Tessera jar in target/: run mvn package first"));
		}
	}

	private static ProcessBuilder submit(final Path log, final String master, final String... job) throws IOException {
		final List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--class",
			"org.tessera.spark.SparkMain", "--conf", "spark.ui.enabled=false", "--jars"));
		try (Stream<Path> lib = Files.list(Path.of("target", "lib"))) {
			args.add(String.join(",", lib.map(p -> p.toAbsolutePath().toString()).sorted().toList()));
		}
		args.add(tesseraJar().toAbsolutePath().toString());
		args.addAll(List.of(job));
		final ProcessBuilder pb = java(log, args.toArray(String[]::new));
		pb.command().set(1, "-Xmx1g");
		return pb;
	}

	private static double[] zarr(final Path root) throws IOException {
		return TestImages.values(AxisImg.of("z", ZarrImages.<net.imglib2.type.numeric.integer.UnsignedShortType> open(ZarrArray.open(root
			.resolve("0")), 64), AxisType.X, AxisType.Y, AxisType.Z));
	}

	@Test
	void aBlockJobSurvivesAKilledWorkerAndEqualsTheCommandLine() throws Exception {
		final ImageStack stack = new ImageStack(192, 160);
		final java.util.SplittableRandom r = new java.util.SplittableRandom(11);
		for (int z = 0; z < 48; z++) {
			final ShortProcessor sp = new ShortProcessor(192, 160);
			for (int i = 0; i < 192 * 160; i++) sp.set(i, r.nextInt(4000));
			stack.addSlice(sp);
		}
		final Path input = tmp.resolve("stack.tif");
		ImageFiles.writeTiff(new ImagePlus("stack", stack), input);
		final String chunk = "chunk=32,32,8";
		final Path local = tmp.resolve("local.zarr"), cluster = tmp.resolve("cluster.zarr");
		final CliRun.Result l = CliRun.tessera("median", "input=" + input, "radius=1", "execution=chunked", chunk, "output=" + local);
		assertEquals(0, l.code(), l.err());
		final Path log = tmp.resolve("submit.log");
		final Process job = submit(log, "spark://127.0.0.1:" + masterPort, "median", "input=" + input, "output=" + cluster, "radius=1", chunk)
			.start();
		// once the job has written some chunks, kill one worker and its executor
		final Path level0 = cluster.resolve("0");
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		boolean killed = false;
		while (job.isAlive() && System.nanoTime() < end) {
			if (Files.isDirectory(level0)) try (Stream<Path> s = Files.walk(level0)) {
				if (s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).count() >= 3) {
					kill(workers.get("worker1"));
					killed = true;
					break;
				}
			}
			Thread.sleep(100);
		}
		assertTrue(job.waitFor(240, TimeUnit.SECONDS), "the job did not end:\n" + Files.readString(log));
		final String out = Files.readString(log);
		assertEquals(0, job.exitValue(), out);
		// 6 x 5 x 6 blocks, all written by this job, also those whose tasks Spark ran again after the kill
		assertTrue(out.contains("summary=180 blocks written, 0 kept from an earlier run"), out);
		assertArrayEquals(zarr(local), zarr(cluster), 0, "the cluster's result differs from the command line's");
		assertTrue(killed, "the job ended before a worker could be killed");
		try (Stream<Path> s = Files.walk(cluster)) {
			assertEquals(List.of(), s.filter(f -> f.getFileName().toString().contains(".part")).toList(), "half-written chunks left");
		}
	}

	@Test
	void aMasterThatDoesNotAnswerIsOneLine() throws Exception {
		final Path log = tmp.resolve("unreachable.log"), output = tmp.resolve("never.zarr");
		final ProcessBuilder pb = submit(log, "spark://127.0.0.1:" + freePort(), "median", "input=test-images/nuclei3d.tif", "output=" + output,
			"radius=1", "chunk=32");
		pb.command().add(2, "-Dtessera.spark.connectTimeout=2");
		final long start = System.nanoTime();
		final Process p = pb.start();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
		final String out = Files.readString(log);
		assertEquals(2, p.exitValue(), out);
		assertTrue(out.lines().anyMatch(line -> line.startsWith("tessera-spark: master spark://127.0.0.1:") && line.contains("does not answer")),
			out);
		assertFalse(out.contains("\tat "), "a stack trace:\n" + out);
		assertFalse(Files.exists(output), "an output was left behind");
		assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "took " + (System.nanoTime() - start) / 1e9 + " s");
	}
}
