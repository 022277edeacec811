package org.tessera.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tessera.core.AxisImg;
import org.tessera.core.ImageFiles;
import org.tessera.core.ImagePlusViews;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import net.imglib2.type.numeric.integer.UnsignedShortType;

class SyntheticNucleiTest {

	private static double[] file(final String name) {
		final ImagePlus imp = ImageFiles.read(Path.of("test-images", name), name);
		return TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(imp));
	}

	/** The parameters of scripts/make-test-images. */
	@Test
	void committedSampleImagesAreWhatTheGeneratorMakes() {
		final SyntheticNuclei.Result r2 = new SyntheticNuclei(256, 256, 1, 40, 5, 10, 2, 200, 1).generate();
		assertArrayEquals(file("nuclei2d.tif"), TestImages.values(r2.image()));
		assertArrayEquals(file("nuclei2d-labels.tif"), TestImages.values(r2.labels()));
		final SyntheticNuclei.Result r3 = new SyntheticNuclei(128, 128, 24, 30, 5, 9, 2, 200, 3).generate();
		assertArrayEquals(file("nuclei3d.tif"), TestImages.values(r3.image()));
		assertArrayEquals(file("nuclei3d-labels.tif"), TestImages.values(r3.labels()));
	}

	@Test
	void labelsAreConsecutiveAndNucleiAreBrighterThanBackground() {
		final SyntheticNuclei.Result r = SyntheticNuclei.of3D(96, 80, 16, 25, 42).generate();
		final double[] img = TestImages.values(r.image()), lab = TestImages.values(r.labels());
		final Set<Integer> ids = new HashSet<>();
		double in = 0, out = 0;
		int nIn = 0, nOut = 0;
		for (int i = 0; i < img.length; i++) {
			if (lab[i] > 0) {
				ids.add((int) lab[i]);
				in += img[i];
				nIn++;
			}
			else {
				out += img[i];
				nOut++;
			}
		}
		assertTrue(r.nuclei() > 15, "only " + r.nuclei() + " nuclei placed");
		assertEquals(r.nuclei(), ids.size());
		for (int id = 1; id <= r.nuclei(); id++) assertTrue(ids.contains(id), "label " + id + " missing");
		assertTrue(in / nIn > 3 * (out / nOut - 100) + 100, "nuclei not brighter than background: " + in / nIn + " vs " + out / nOut);
	}

	@Test
	void sameSeedSameImageOtherSeedOtherImage() {
		final AxisImg<UnsignedShortType> a = SyntheticNuclei.of2D(64, 64, 8, 7).generate().image();
		final AxisImg<UnsignedShortType> b = SyntheticNuclei.of2D(64, 64, 8, 7).generate().image();
		final AxisImg<UnsignedShortType> c = SyntheticNuclei.of2D(64, 64, 8, 8).generate().image();
		assertArrayEquals(TestImages.values(a), TestImages.values(b));
		assertTrue(!java.util.Arrays.equals(TestImages.values(a), TestImages.values(c)));
	}
}
