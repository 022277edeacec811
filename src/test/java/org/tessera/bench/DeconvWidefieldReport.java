package org.tessera.bench;

import java.util.Locale;

import org.tessera.core.TaskMonitor;
import org.tessera.deconv.Optics;
import org.tessera.deconv.Phantom;
import org.tessera.deconv.Psf;
import org.tessera.deconv.RichardsonLucy;

/**
 * How far Richardson-Lucy restores the project's own phantom: spheres of
 * radius 2-8 px in a 96×96×48 stack (100 nm pixels, 200 nm planes),
 * blurred by the Born & Wolf widefield PSF (NA 1.4, 520 nm, oil 1.518) and
 * given Poisson noise; NRMSE before and after RL and RL-TV at
 * 10, 50 and 200 iterations. Run with {@code scripts/bench/deconv widefield}.
 */
public final class DeconvWidefieldReport {

	private DeconvWidefieldReport() {
	}

	public static void main(final String[] args) {
		final int nx = 96, ny = 96, nz = 48, k = 33;
		final Psf psf = Psf.bornWolf(new Optics(1.4, 520, 1.518, 100, 200), k, k, k);
		final float[] kernel = psf.data();
		for (final double photons : new double[] { 30 }) {
			final Phantom p = Phantom.spheres(nx, ny, nz, new int[] { 2, 3, 5, 8 }, 4, 5, photons, 2, 16, kernel, k, k, k, 2026);
			final int margin = 8;
			System.out.println(String.format(Locale.ROOT, "### spheres %.0f photons above a background of 5, widefield PSF %d³", photons, k));
			System.out.println();
			System.out.println(String.format(Locale.ROOT, "NRMSE whole / interior (%d-voxel margin): observed %.4f / %.4f, noise-free blurred %.4f / %.4f",
				margin, p.nrmse(p.observed(), 0), p.nrmse(p.observed(), margin), p.nrmse(p.blurred(), 0), p.nrmse(p.blurred(), margin)));
			System.out.println();
			System.out.println("| iterations | RL | RL-TV (λ 0.002) |");
			System.out.println("|---|---|---|");
			for (final int it : new int[] { 10, 50, 200 }) {
				final StringBuilder row = new StringBuilder("| " + it + " |");
				for (final RichardsonLucy rl : new RichardsonLucy[] { new RichardsonLucy(it, 0, false, 0), new RichardsonLucy(it, 0.002, false, 0) }) {
					final float[] x = rl.apply(p.observed(), nx, ny, nz, kernel, k, k, k, TaskMonitor.NONE);
					row.append(String.format(Locale.ROOT, " %.4f / %.4f |", p.nrmse(x, 0), p.nrmse(x, margin)));
				}
				System.out.println(row);
			}
			System.out.println();
		}
	}
}
