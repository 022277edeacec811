package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.testutil.CliRun;

/**
 * Faults of the output's file system are one line naming the path and the
 * cause (exit 1), never a stack trace, and leave no half-written file: a full
 * disk (a 256 KiB tmpfs, mounted when the tests run as root, as CI does) for a
 * TIFF, OME-Zarr and TIFF planes, and a folder that is a file.
 */
class OutputFaultsTest {

	/** 16-bit, 128 x 128 x 24: 768 KiB of pixels, more than the small disk holds. */
	private static final String IMAGE = "test-images/nuclei3d.tif";

	@TempDir
	Path tmp;

	private Path mounted;

	/** A 256 KiB tmpfs, or the test is skipped where mounting is not allowed. */
	private Path smallDisk() throws IOException, InterruptedException {
		final Path dir = Files.createDirectories(tmp.resolve("small"));
		final Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString()).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes());
		Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (not root?): " + out);
		mounted = dir;
		return dir;
	}

	@AfterEach
	void unmount() throws IOException, InterruptedException {
		if (mounted != null) new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
	}

	private static void assertOneLine(final CliRun.Result r, final String... parts) {
		assertEquals(1, r.code(), r.err());
		final List<String> lines = r.err().lines().filter(l -> l.startsWith("tessera") || l.startsWith("\tat ") || l.contains("Exception")).toList();
		assertEquals(1, lines.size(), "one line, no stack trace:\n" + r.err());
		for (final String part : parts) assertTrue(lines.get(0).contains(part), lines.get(0));
		assertFalse(r.out().contains("File saving error"), "ImageJ's own message: " + r.out());
	}

	private static List<Path> partFiles(final Path dir) throws IOException {
		try (var files = Files.walk(dir)) {
			return files.filter(f -> f.getFileName().toString().contains(".part")).toList();
		}
	}

	@Test
	void aFullDiskIsOneLineAndLeavesNoHalfWrittenFile() throws Exception {
		final Path disk = smallDisk();
		// a TIFF: the earlier file is kept as it was
		final Path tif = disk.resolve("blurred.tif");
		Files.writeString(tif, "earlier result");
		final CliRun.Result t = CliRun.tessera("gaussian", "input=" + IMAGE, "sigma=1", "output=" + tif);
		assertOneLine(t, "cannot write", tif.toString(), "no space left on device");
		assertEquals("earlier result", Files.readString(tif));
		// OME-Zarr block by block: the chunks written so far stay for a re-run
		final Path zarr = disk.resolve("blurred.zarr");
		final CliRun.Result z = CliRun.tessera("gaussian", "input=" + IMAGE, "sigma=1", "execution=chunked", "chunk=64,64,8", "output=" + zarr);
		assertOneLine(z, "cannot write", zarr.toString(), "no space left on device", "run the same command again");
		// TIFF planes
		final Path planes = disk.resolve("planes");
		final CliRun.Result p = CliRun.tessera("median", "input=" + IMAGE, "radius=1", "execution=chunked", "chunk=64,64,8", "output=" + planes);
		assertOneLine(p, "cannot write", planes.toString(), "no space left on device");
		assertEquals(List.of(), partFiles(disk), "half-written files");
	}

	@Test
	void anOutputFolderThatIsAFileIsOneLine() throws Exception {
		final Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
		final CliRun.Result r = CliRun.tessera("gaussian", "input=" + IMAGE, "sigma=1", "output=" + file.resolve("out.tif"));
		CliRun.assertBadInput(r, "not a folder");
		final CliRun.Result z = CliRun.tessera("gaussian", "input=" + IMAGE, "sigma=1", "execution=chunked", "output=" + file.resolve("out.zarr"));
		assertTrue(z.code() == 1 || z.code() == 2, z.err());
		assertFalse(z.err().contains("internal error"), z.err());
		assertTrue(z.err().contains(file.toString()), z.err());
	}
}
