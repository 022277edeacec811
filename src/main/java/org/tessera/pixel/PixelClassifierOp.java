package org.tessera.pixel;

import java.util.Collections;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.op.ImageOp;

import net.imglib2.parallel.TaskExecutor;

/**
 * A pixel classifier as an {@link ImageOp}: the class (1, 2, ... in the
 * classifier's order) of every pixel of a one-channel image, so that the
 * executor runs it block by block, from files of any size and on Spark, with
 * the whole image's result (the features' halo makes each block's core exact).
 * 2D classifiers classify each z plane on its own. The forest runs on the CPU.
 * <p>
 * What travels to Spark's executors is the classifier file's bytes; each
 * executor reads them once.
 */
public final class PixelClassifierOp implements ImageOp {

	private static final long serialVersionUID = 1L;

	private final byte[] file;
	private final long[] halo;
	private transient volatile PixelClassifier classifier;

	/**
	 * @throws IllegalArgumentException if the classifier was trained on more than one channel
	 */
	public PixelClassifierOp(final PixelClassifier classifier) {
		if (classifier.channels() != 1) throw new IllegalArgumentException("the classifier was trained on " + classifier.channels() +
			" channels; block by block, images are classified one channel at a time: use a classifier trained on one channel");
		this.classifier = classifier;
		this.file = classifier.toBytes();
		final long[] h = classifier.settings().halo();
		this.halo = new long[] { h[0], h[1], h.length > 2 ? h[2] : 0 };
	}

	/** The classifier, read from its bytes on a Spark executor. */
	public PixelClassifier classifier() {
		PixelClassifier c = classifier;
		if (c == null) classifier = c = PixelClassifier.fromBytes(file, "sent to this executor");
		return c;
	}

	/** Classes 1, 2, ...: pyramids take pixels, not means. */
	@Override
	public boolean categorical() {
		return true;
	}

	@Override
	public String name() {
		return "pixel classifier";
	}

	@Override
	public long[] halo() {
		return halo.clone();
	}

	/** The features fill past the image's edges by reflection. */
	@Override
	public Boundary boundary() {
		return Boundary.REFLECT;
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		final PixelClassifier c = classifier();
		final int threads = Math.max(1, executor.getParallelism());
		final boolean perPlane = !c.settings().threeD();
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final float[][] out = new float[rows.length][];
		for (int z0 = 0; z0 < nz; z0 += perPlane ? 1 : nz) {
			final int depth = perPlane ? 1 : nz;
			final float[][] part = perPlane ? java.util.Arrays.copyOfRange(rows, ny * z0, ny * (z0 + 1)) : rows;
			final int[] classes = PixelClassifier.labels(c.probabilities(Collections.singletonList(part), new int[] { nx, ny, depth }, threads, monitor.part(z0, depth,
				nz)));
			for (int r = 0; r < ny * depth; r++) {
				final float[] row = new float[nx];
				for (int x = 0; x < nx; x++) row[x] = classes[x + nx * r];
				out[ny * z0 + r] = row;
			}
		}
		return out;
	}
}
