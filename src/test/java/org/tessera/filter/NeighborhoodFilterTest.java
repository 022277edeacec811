package org.tessera.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.Neighborhood.Shape;
import org.tessera.filter.RankFilters.Op;
import org.tessera.testutil.TestImages;

import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

class NeighborhoodFilterTest {

	/** Independent reference: every neighbour inside the shape, edges repeated (nearest), in double precision. */
	static double[] reference(final double[] in, final int nx, final int ny, final int nz, final int[] r, final Shape shape, final Op op) {
		final double[] out = new double[in.length];
		final double[] values = new double[(2 * r[0] + 1) * (2 * r[1] + 1) * (2 * r[2] + 1)];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					int k = 0;
					for (int dz = -r[2]; dz <= r[2]; dz++)
						for (int dy = -r[1]; dy <= r[1]; dy++)
							for (int dx = -r[0]; dx <= r[0]; dx++) {
								if (shape == Shape.ELLIPSE) {
									double s = 0;
									if (r[0] > 0) s += (double) dx * dx / (r[0] * r[0]);
									if (r[1] > 0) s += (double) dy * dy / (r[1] * r[1]);
									if (r[2] > 0) s += (double) dz * dz / (r[2] * r[2]);
									if (s > 1 + 1e-9) continue;
								}
								final int xx = Math.max(0, Math.min(nx - 1, x + dx)), yy = Math.max(0, Math.min(ny - 1, y + dy)), zz = Math.max(0, Math
									.min(nz - 1, z + dz));
								values[k++] = in[xx + nx * (yy + ny * zz)];
							}
					final double[] v = Arrays.copyOf(values, k);
					Arrays.sort(v);
					out[x + nx * (y + ny * z)] = switch (op) {
						case MIN -> v[0];
						case MAX -> v[k - 1];
						case MEDIAN -> v[k / 2];
						case MEAN -> Arrays.stream(v).sum() / k;
					};
				}
		return out;
	}

	static Stream<Arguments> cases() {
		return Stream.of(
			Arguments.of(new long[] { 23, 17 }, new int[] { 2, 2 }, Shape.ELLIPSE),
			Arguments.of(new long[] { 23, 17 }, new int[] { 3, 1 }, Shape.BOX),
			Arguments.of(new long[] { 23, 17 }, new int[] { 1, 3 }, Shape.ELLIPSE),
			Arguments.of(new long[] { 13, 11, 9 }, new int[] { 1, 2, 1 }, Shape.ELLIPSE),
			Arguments.of(new long[] { 13, 11, 9 }, new int[] { 2, 1, 0 }, Shape.BOX),
			Arguments.of(new long[] { 13, 11, 9 }, new int[] { 1, 1, 2 }, Shape.BOX));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void everyOpMatchesTheDirectReference(final long[] dims, final int[] radius, final Shape shape) {
		final AxisType[] axes = Arrays.copyOf(new AxisType[] { AxisType.X, AxisType.Y, AxisType.Z }, dims.length);
		final AxisImg<FloatType> in = TestImages.randomFloats(31, dims, axes);
		final int[] r3 = Arrays.copyOf(radius, 3);
		for (final Op op : Op.values()) {
			final double[] ref = reference(TestImages.values(in), (int) dims[0], (int) dims[1], dims.length > 2 ? (int) dims[2] : 1, r3, shape, op);
			final double[] got = TestImages.values(new NeighborhoodFilter(op, radius, shape, null, null, 2).apply(in));
			assertArrayEquals(ref, got, op == Op.MEAN ? 2e-6 : 0.0, op + " " + shape + " " + Arrays.toString(radius));
		}
	}

	@Test
	void neighbourhoodSizes() {
		assertEquals(9, new Neighborhood(new int[] { 1, 1, 0 }, Shape.BOX).size());
		assertEquals(13, new Neighborhood(new int[] { 2, 2, 0 }, Shape.ELLIPSE).size());
		assertEquals(7, new Neighborhood(new int[] { 1, 1, 1 }, Shape.ELLIPSE).size());
		assertEquals(1, new Neighborhood(new int[] { 0, 0, 0 }, Shape.ELLIPSE).size());
		assertArrayEquals(new int[] { 2, 2, 1 }, Neighborhood.parseRadius("2,2,1", 3));
		assertArrayEquals(new int[] { 3, 3, 0 }, Neighborhood.parseRadius("3", 2));
		assertThrows(IllegalArgumentException.class, () -> Neighborhood.parseRadius("1.5", 2));
		assertThrows(IllegalArgumentException.class, () -> Neighborhood.parseRadius("1,2,3", 2));
	}

	@Test
	void topHatKeepsSmallBrightSpotsAndRemovesTheBackground() {
		final var img = PlanarImgs.floats(40, 30);
		final var ra = img.randomAccess();
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++) {
				ra.setPosition(new long[] { x, y });
				ra.get().set(10 + 0.2f * x + ((x - 20) * (x - 20) + (y - 15) * (y - 15) <= 2 ? 50 : 0));
			}
		final AxisImg<FloatType> in = AxisImg.of("spot", img, AxisType.X, AxisType.Y);
		final NeighborhoodFilter f = NeighborhoodFilter.of(Op.MIN, 4);
		final AxisImg<FloatType> th = f.topHat(in, TaskMonitor.NONE);
		final double[] v = TestImages.values(th);
		assertEquals(50, v[20 + 40 * 15], 0.5, "spot kept (within the ramp step next to it)");
		assertTrue(Math.abs(v[5 + 40 * 5]) < 1e-4, "background removed: " + v[5 + 40 * 5]);
		// and it is the image minus max(min(image))
		final var opened = NeighborhoodFilter.of(Op.MAX, 4).apply(f.apply(in));
		final double[] a = TestImages.values(in), o = TestImages.values(opened);
		for (int i = 0; i < a.length; i++) assertEquals((float) (a[i] - o[i]), v[i], 1e-5);
	}
}
