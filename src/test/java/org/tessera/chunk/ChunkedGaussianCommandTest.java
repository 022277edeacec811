package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/** The chunked-gaussian command and the chunked example script, from the command line. */
class ChunkedGaussianCommandTest {

	@TempDir
	Path tmp;

	Path planes;
	AxisImg<UnsignedShortType> stack;

	@BeforeEach
	void writePlanes() throws IOException {
		planes = Files.createDirectories(tmp.resolve("planes"));
		final var all = PlanarImgs.unsignedShorts(50, 40, 12);
		TestImages.fill(all, 6, 3000);
		for (int z = 0; z < 12; z++) {
			final var plane = ArrayImgs.unsignedShorts(50, 40);
			org.tessera.chunk.Blocks.copy(Views.hyperSlice(all, 2, z), plane);
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(AxisImg.of("p", plane, AxisType.X, AxisType.Y)), planes.resolve(String.format(
				"p%02d.tif", z)));
		}
		stack = AxisImg.of("stack", all, AxisType.X, AxisType.Y, AxisType.Z);
	}

	private double[] zarrValues(final Path zarr) throws IOException {
		return TestImages.values(AxisImg.of("z", ZarrImages.<UnsignedShortType> open(ZarrArray.open(zarr.resolve("0")), 4), AxisType.X,
			AxisType.Y, AxisType.Z));
	}

	@Test
	void aFolderOfPlanesIsBlurredIntoResumableOmeZarr() throws IOException {
		final Path out = tmp.resolve("out.zarr");
		final CliRun.Result r = CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=1.5,1.5,1", "chunk=16,16,4",
			"boundary=reflect");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("summary=36 blocks written, 0 kept"), r.out());
		final double[] expected = TestImages.values(new GaussianBlur(new double[] { 1.5, 1.5, 1 }, Boundary.REFLECT, 4, null).apply(stack));
		assertArrayEquals(expected, zarrValues(out));
		assertTrue(Files.exists(out.resolve(".zattrs")) && Files.exists(out.resolve(".zgroup")));
		// a "stopped" run: remove some chunks; the rerun writes only those
		try (var files = Files.walk(out.resolve("0/1"))) {
			for (final Path f : files.filter(Files::isRegularFile).toList()) Files.delete(f);
		}
		final CliRun.Result again = CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=1.5,1.5,1", "chunk=16,16,4",
			"boundary=reflect");
		assertTrue(again.out().contains("summary=12 blocks written, 24 kept from an earlier run"), again.out());
		assertArrayEquals(expected, zarrValues(out));
		// another job on the same output is refused, not resumed: its chunks would be kept silently
		CliRun.assertBadInput(CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=3", "chunk=16,16,4"),
			"written by another operation");
		CliRun.assertBadInput(CliRun.tessera("median", "input=" + planes, "output=" + out, "radius=1", "execution=chunked", "chunk=16,16,4"),
			"written by another operation");
		// the same job on a changed input too
		final Path plane = Files.list(planes).sorted().findFirst().orElseThrow();
		Files.setLastModifiedTime(plane, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(plane).toMillis() + 5000));
		CliRun.assertBadInput(CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=1.5,1.5,1", "chunk=16,16,4",
			"boundary=reflect"), "another input, or the input changed");
		// resume=false computes everything again, here with another sigma
		final CliRun.Result fresh = CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=3", "chunk=16,16,4",
			"resume=false");
		assertEquals(0, fresh.code(), fresh.err());
		assertTrue(fresh.out().contains("summary=36 blocks written, 0 kept"), fresh.out());
		assertArrayEquals(TestImages.values(GaussianBlur.of(3).apply(stack)), zarrValues(out));
		// a folder that Tessera did not write is never cleared
		final Path foreign = Files.createDirectories(tmp.resolve("mine.zarr"));
		Files.writeString(foreign.resolve("notes.txt"), "mine");
		CliRun.assertBadInput(CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + foreign, "resume=false"), "did not write");
		assertTrue(Files.exists(foreign.resolve("notes.txt")));
	}

	@Test
	void aZarrInputAndATiffOutput() throws IOException {
		final Path z = tmp.resolve("in.zarr");
		assertEquals(0, CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + z, "sigma=0", "chunk=32,32,5").code());
		final Path tif = tmp.resolve("out.tif");
		final CliRun.Result r = CliRun.tessera("chunked-gaussian", "input=" + z, "output=" + tif, "sigma=2", "chunk=auto");
		assertEquals(0, r.code(), r.err());
		final double[] expected = TestImages.values(GaussianBlur.of(2).apply(stack));
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(tif, "out"))));
	}

	@Test
	void aFolderOfPlanesOut() throws IOException {
		final Path out = tmp.resolve("planes-out");
		final CliRun.Result r = CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=2", "chunk=20,16,5");
		assertEquals(0, r.code(), r.err());
		final var expected = GaussianBlur.of(2).apply(stack);
		for (int z = 0; z < 12; z++) {
			final var plane = ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(TiffPlanes.plane(out, z), "plane")).data();
			assertArrayEquals(TestImages.values(AxisImg.of("e", Views.hyperSlice(expected.data(), 2, z), AxisType.X, AxisType.Y)), TestImages
				.values(AxisImg.of("p", plane, AxisType.X, AxisType.Y)), "plane " + z);
		}
		Files.delete(TiffPlanes.plane(out, 7));
		final CliRun.Result again = CliRun.tessera("chunked-gaussian", "input=" + planes, "output=" + out, "sigma=2", "chunk=20,16,5");
		assertTrue(again.out().contains("summary=9 blocks written, 18 kept from an earlier run"), again.out());
		assertTrue(Files.exists(TiffPlanes.plane(out, 7)));
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "chunked_blur_to_zarr.groovy", "chunked_blur.py" })
	void theExampleScriptsWriteOmeZarr(final String script) throws IOException {
		final Path out = tmp.resolve(script + ".zarr");
		final CliRun.Result r = CliRun.tessera("run", "scripts/examples/" + script, "input=" + planes, "output=" + out, "sigma=1",
			"blocks=20,20,6");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("blurred 12 planes: 12 blocks written"), r.out());
		final double[] expected = TestImages.values(GaussianBlur.of(1).withBoundary(Boundary.REFLECT).apply(stack));
		assertArrayEquals(expected, zarrValues(out));
	}
}
