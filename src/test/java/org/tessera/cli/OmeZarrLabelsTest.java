package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.testutil.Python;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;

/**
 * Label outputs go into an OME-Zarr image's {@code labels/} group when asked
 * ({@code output=<image>.zarr/labels/<name>}), as napari and Fiji's OME-Zarr
 * readers expect them: each a multiscale image marked {@code image-label} with
 * its source, listed in {@code labels/.zattrs}; checked with python3-zarr.
 */
class OmeZarrLabelsTest {

	private static final String IMAGE = "test-images/nuclei3d.tif";

	@TempDir
	Path tmp;

	@Test
	void labelsGoIntoTheImagesLabelsGroup() throws Exception {
		Requirements.requirePythonZarr();
		final Path image = tmp.resolve("nuclei.zarr");
		final CliRun.Result g = CliRun.tessera("gaussian", "input=" + IMAGE, "sigma=1", "execution=chunked", "chunk=64,64,12", "output=" + image);
		assertEquals(0, g.code(), g.err());
		final String vo = image.resolve("labels").resolve("nuclei").toString();
		final CliRun.Result v = CliRun.tessera("voronoi-otsu-labeling", "input=" + image, "spot_sigma=2,2,1", "outline_sigma=1", "execution=chunked",
			"chunk=64,64,12", "output=" + vo);
		assertEquals(0, v.code(), v.err());
		final CliRun.Result alone = CliRun.tessera("voronoi-otsu-labeling", "input=" + image, "spot_sigma=2,2,1", "outline_sigma=1",
			"execution=chunked", "chunk=64,64,12", "output=" + tmp.resolve("alone.zarr"));
		assertEquals(0, alone.code(), alone.err());
		final CliRun.Result t = CliRun.tessera("threshold", "input=" + image, "method=Otsu", "execution=chunked", "output=" + tmp.resolve(
			"mask.zarr"));
		assertEquals(0, t.code(), t.err());
		final CliRun.Result l = CliRun.tessera("label", "input=" + tmp.resolve("mask.zarr"), "execution=chunked", "chunk=64,64,12", "output=" +
			image.resolve("labels").resolve("cells"));
		assertEquals(0, l.code(), l.err());
		final String out = Python.run("import zarr, numpy as np, json\n" + //
			"root = '" + image + "'\n" + //
			"print(json.load(open(root + '/labels/.zattrs'))['labels'])\n" + //
			"a = json.load(open(root + '/labels/nuclei/.zattrs'))\n" + //
			"print(a['image-label']['source']['image'], len(a['multiscales'][0]['datasets']))\n" + //
			"g = zarr.open_group(root, mode='r')\n" + //
			"lab = np.asarray(g['labels/nuclei/0'])\n" + //
			"print(lab.shape == np.asarray(g['0']).shape, lab.max() > 10)\n" + //
			"print(np.array_equal(lab, np.asarray(zarr.open_group('" + tmp.resolve("alone.zarr") + "', mode='r')['0'])))");
		assertEquals("['nuclei', 'cells']\n../../ 2\nTrue True\nTrue", out);
		// a second run keeps the list as it is
		final CliRun.Result again = CliRun.tessera("voronoi-otsu-labeling", "input=" + image, "spot_sigma=2,2,1", "outline_sigma=1",
			"execution=chunked", "chunk=64,64,12", "resume=false", "output=" + vo);
		assertEquals(0, again.code(), again.err());
		assertEquals("['nuclei', 'cells']", Python.run("import json; print(json.load(open('" + image + "/labels/.zattrs'))['labels'])"));
	}

	@Test
	void labelsThatDoNotFitTheImageAreOneLine() throws Exception {
		final Path image = tmp.resolve("small.zarr");
		final CliRun.Result g = CliRun.tessera("gaussian", "input=test-images/nuclei2d.tif", "sigma=1", "execution=chunked", "output=" + image);
		assertEquals(0, g.code(), g.err());
		CliRun.assertBadInput(CliRun.tessera("label", "input=" + IMAGE, "execution=chunked", "output=" + image.resolve("labels").resolve("x")),
			"labels/ must match the image");
		CliRun.assertBadInput(CliRun.tessera("label", "input=" + IMAGE, "execution=chunked", "output=" + tmp.resolve("none.zarr").resolve(
			"labels").resolve("x")), "not an OME-Zarr image");
		assertFalse(Files.exists(tmp.resolve("none.zarr")), "nothing left behind");
	}
}
