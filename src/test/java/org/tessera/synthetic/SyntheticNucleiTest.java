package org.tessera.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tessera.core.AxisImg;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
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

	/** The training-data options: dim nuclei, and nuclei that the image border cuts. */
	@Test
	void cutByBorderAndMinBrightnessWidenWhatTheImagesShow() {
		final int w = 128;
		final SyntheticNuclei inside = new SyntheticNuclei(w, w, 1, 120, 4, 8, 1, 10000, 5);
		final SyntheticNuclei cut = new SyntheticNuclei(w, w, 1, 120, 4, 8, 1, 10000, 5, 0.05, true);
		assertEquals(0, borderLabels(inside.generate().labels(), w), "nuclei touch the border without cutByBorder");
		assertTrue(borderLabels(cut.generate().labels(), w) >= 5, "cutByBorder puts (almost) no nuclei on the border");
		// mean intensity of the dimmest nucleus above the camera offset, relative to the brightest
		assertTrue(dimmestToBrightest(inside.generate()) > 0.3, "default brightness goes below 0.4");
		assertTrue(dimmestToBrightest(cut.generate()) < 0.2, "minBrightness 0.05 makes no dim nuclei");
	}

	private static int borderLabels(final AxisImg<UnsignedShortType> labels, final int w) {
		final double[] lab = TestImages.values(labels);
		final Set<Integer> ids = new HashSet<>();
		for (int i = 0; i < w; i++)
			for (final int p : new int[] { i, i * w, (w - 1) * w + i, i * w + w - 1 })
				if (lab[p] > 0) ids.add((int) lab[p]);
		return ids.size();
	}

	private static double dimmestToBrightest(final SyntheticNuclei.Result r) {
		final double[] img = TestImages.values(r.image()), lab = TestImages.values(r.labels());
		final double[] sum = new double[r.nuclei() + 1];
		final int[] n = new int[r.nuclei() + 1];
		for (int i = 0; i < img.length; i++) {
			sum[(int) lab[i]] += img[i] - 100;
			n[(int) lab[i]]++;
		}
		final double background = sum[0] / n[0];
		double min = Double.MAX_VALUE, max = 0;
		for (int l = 1; l <= r.nuclei(); l++) {
			if (n[l] < 20) continue; // tiny border slivers
			final double mean = sum[l] / n[l] - background;
			min = Math.min(min, mean);
			max = Math.max(max, mean);
		}
		return min / max;
	}

	@Test
	void clutterAddsFaintUnlabelledCellsAndKeepsTheNuclei() {
		final SyntheticNuclei plain = new SyntheticNuclei(128, 128, 1, 30, 4, 7, 1, 10000, 11, 0.4, false, 0);
		final SyntheticNuclei cells = new SyntheticNuclei(128, 128, 1, 30, 4, 7, 1, 10000, 11, 0.4, false, 1);
		final SyntheticNuclei.Result a = plain.generate(), b = cells.generate();
		assertArrayEquals(TestImages.values(a.labels()), TestImages.values(b.labels()), "clutter moved the nuclei");
		final double[] ia = TestImages.values(a.image()), ib = TestImages.values(b.image()), lab = TestImages.values(a.labels());
		double added = 0, nucleus = 0;
		int background = 0, inside = 0;
		for (int i = 0; i < ia.length; i++) {
			if (lab[i] == 0) {
				added += ib[i] - ia[i];
				background++;
			}
			else {
				nucleus += ia[i] - 100;
				inside++;
			}
		}
		added /= background;
		nucleus /= inside;
		// brighter background on average, but far below the nuclei
		assertTrue(added > 0.005 * nucleus && added < 0.2 * nucleus, "clutter adds " + added + " to a background under nuclei of " + nucleus);
		assertThrows(IllegalArgumentException.class, () -> new SyntheticNuclei(8, 8, 1, 1, 1, 2, 1, 10, 1, 0.4, false, 1.5));
	}

	@Test
	void minAxisRatioMakesRodLikeNucleiAndTheDefaultKeepsThemRoundish() {
		final double defaultMost = mostElongated(new SyntheticNuclei(256, 256, 1, 60, 4, 9, 1, 10000, 21, 0.4, false, 0).generate());
		final SyntheticNuclei rods = new SyntheticNuclei(256, 256, 1, 60, 4, 9, 1, 10000, 21, 0.4, false, 0).withMinAxisRatio(0.35);
		final double rodMost = mostElongated(rods.generate());
		// an ellipse with semi-axes a >= b has the moment ratio a / b; default b / a >= 0.65, i.e. a / b <= 1.54
		assertTrue(defaultMost < 1.7, "default nuclei up to " + defaultMost + ":1");
		assertTrue(rodMost > 2.2, "minAxisRatio 0.35 gave nuclei only up to " + rodMost + ":1");
		assertArrayEquals(TestImages.values(new SyntheticNuclei(64, 64, 1, 5, 4, 9, 1, 100, 3, 0.4, false, 0).generate().image()),
			TestImages.values(new SyntheticNuclei(64, 64, 1, 5, 4, 9, 1, 100, 3, 0.4, false, 0).withMinAxisRatio(0.65).withBlurSigma(1.2).generate()
				.image()), "the 12-argument constructor is not the default ratio and blur");
		assertThrows(IllegalArgumentException.class, () -> SyntheticNuclei.of2D(8, 8, 1, 1).withMinAxisRatio(0));
	}

	@Test
	void smallerBlurSigmaGivesSharperEdges() {
		final SyntheticNuclei base = new SyntheticNuclei(128, 128, 1, 30, 4, 7, 1, 100000, 13, 0.4, false, 0);
		final double sharp = outsideEdge(base.withBlurSigma(0.5).generate()), soft = outsideEdge(base.generate());
		// the first background pixel outside a nucleus gets less of its light
		assertTrue(sharp < 0.6 * soft, "edge spill with sigma 0.5: " + sharp + ", with 1.2: " + soft);
		assertThrows(IllegalArgumentException.class, () -> base.withBlurSigma(-1));
	}

	/** Mean intensity of background pixels next to a nucleus (4-neighbours) above the median background pixel. */
	private static double outsideEdge(final SyntheticNuclei.Result r) {
		final double[] img = TestImages.values(r.image()), lab = TestImages.values(r.labels());
		final int w = (int) r.image().data().dimension(0), h = img.length / w;
		final double[] outside = java.util.stream.IntStream.range(0, img.length).filter(i -> lab[i] == 0).mapToDouble(i -> img[i]).sorted()
			.toArray();
		final double background = outside[outside.length / 2];
		double sum = 0;
		int n = 0;
		for (int y = 1; y < h - 1; y++)
			for (int x = 1; x < w - 1; x++) {
				final int i = x + w * y;
				if (lab[i] != 0 || lab[i - 1] + lab[i + 1] + lab[i - w] + lab[i + w] == 0) continue;
				sum += img[i] - background;
				n++;
			}
		return sum / n;
	}

	/** The largest ratio of long to short axis (from second moments) among the labelled nuclei. */
	private static double mostElongated(final SyntheticNuclei.Result r) {
		final double[] lab = TestImages.values(r.labels());
		final int w = (int) r.labels().data().dimension(0), n = r.nuclei() + 1;
		final double[] count = new double[n], sx = new double[n], sy = new double[n], sxx = new double[n], syy = new double[n], sxy = new double[n];
		for (int i = 0; i < lab.length; i++) {
			final int l = (int) lab[i];
			if (l == 0) continue;
			final double x = i % w, y = i / w;
			count[l]++;
			sx[l] += x;
			sy[l] += y;
			sxx[l] += x * x;
			syy[l] += y * y;
			sxy[l] += x * y;
		}
		double most = 1;
		for (int l = 1; l < n; l++) {
			if (count[l] < 20) continue;
			final double mx = sx[l] / count[l], my = sy[l] / count[l];
			final double cxx = sxx[l] / count[l] - mx * mx, cyy = syy[l] / count[l] - my * my, cxy = sxy[l] / count[l] - mx * my;
			final double mean = (cxx + cyy) / 2, spread = Math.sqrt((cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy);
			most = Math.max(most, Math.sqrt((mean + spread) / (mean - spread)));
		}
		return most;
	}
}
