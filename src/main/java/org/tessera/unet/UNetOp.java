package org.tessera.unet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.op.ImageOp;

import net.imglib2.parallel.TaskExecutor;

/**
 * A U-Net as an {@link ImageOp}: the class (1, 2, ... in the model's order, as
 * the {@code unet} command writes it) of every pixel of a one-channel image,
 * each z plane on its own, so that the executor runs it block by block, from
 * files of any size and on Spark, with the whole image's classes.
 * <p>
 * Why blocks give the whole image's classes:
 * <ul>
 * <li>the image is normalised with fixed values, the percentiles of the whole
 * input (normalising each block by its own percentiles would not be the same);</li>
 * <li>the halo in x and y is the model's halo (its receptive field), so a
 * block's core sees everything it sees in the whole image;</li>
 * <li>blocks start at multiples of the model's divisor ({@link #alignment()}):
 * the network's pooling sees the same pixel groups as in the whole image;</li>
 * <li>blocks are not padded past the image ({@link Boundary#MIRROR}, which the
 * executor does not pad): a block at the image's edge ends where the image
 * ends and is mirrored up to a multiple of the divisor exactly as
 * {@link UNetSegmentation} mirrors the whole image.</li>
 * </ul>
 * What travels to Spark's executors is the network's ONNX bytes and the
 * model's description; each JVM loads the network once and runs it on one
 * block at a time (on all cores).
 */
public final class UNetOp implements ImageOp {

	private static final long serialVersionUID = 1L;

	/**
	 * One network run at a time in a JVM: ONNX Runtime already uses every core
	 * for one run, and a run of a megapixel tile holds over a gigabyte, so blocks
	 * on many threads would multiply the memory without being faster.
	 */
	private static final Object RUN = new Object();

	/** Networks loaded in this JVM, by the SHA-256 of their bytes and description. */
	private static final Map<String, UNetModel> LOADED = new ConcurrentHashMap<>();

	private final String source;
	private final byte[] weights;
	private final String config;
	private final double low, high;
	private final int divisor;
	private final long[] halo;
	private transient volatile UNetModel model;

	/**
	 * @param low the value normalised to 0: the model's lower percentile of the whole image
	 * @param high the value normalised to 1: the model's upper percentile of the whole image
	 * @throws IllegalArgumentException if the model takes more than one channel
	 */
	public UNetOp(final UNetModel model, final double low, final double high) {
		final UNetModel.Config c = model.config();
		if (c.inputChannels() != 1) throw new IllegalArgumentException("model: " + model.folder() + " takes " + c.inputChannels() +
			" channels; block by block, the U-Net takes one-channel images: run it on the whole image instead");
		this.source = String.valueOf(model.folder());
		this.weights = model.weights();
		this.config = c.toJson();
		this.low = low;
		this.high = high;
		this.divisor = c.divisor();
		this.halo = new long[] { c.halo(), c.halo(), 0 };
		final UNetModel earlier = LOADED.putIfAbsent(key(), model);
		this.model = earlier != null ? earlier : model;
	}

	/** The model, loaded once per JVM (on a Spark executor, from the bytes sent to it). */
	public UNetModel model() {
		UNetModel m = model;
		if (m == null) model = m = LOADED.computeIfAbsent(key(), k -> UNetModel.of(Path.of(source), UNetModel.Config.parse("model " + source,
			config), weights));
		return m;
	}

	private String key() {
		try {
			final MessageDigest d = MessageDigest.getInstance("SHA-256");
			d.update(weights);
			d.update(config.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(d.digest());
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The values normalised to 0 and 1. */
	public double[] normalization() {
		return new double[] { low, high };
	}

	/** Classes 1, 2, ...: pyramids take pixels, not means. */
	@Override
	public boolean categorical() {
		return true;
	}

	@Override
	public String name() {
		return "unet";
	}

	@Override
	public long[] halo() {
		return halo.clone();
	}

	/** Cores start at multiples of the network's divisor in x and y. */
	@Override
	public long[] alignment() {
		return new long[] { divisor, divisor, 1 };
	}

	/**
	 * The network sees the image mirrored past its far edges up to a multiple of
	 * the divisor (and zeros in its own padding); blocks are not padded past the
	 * image, so that edge blocks see what the whole image sees.
	 */
	@Override
	public Boundary boundary() {
		return Boundary.MIRROR;
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		final UNetModel m = model();
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = nx * ny, k = m.config().classes().size();
		final float[][] out = new float[rows.length][];
		final float[] plane = new float[n];
		for (int z = 0; z < nz; z++) {
			monitor.checkCancelled();
			for (int y = 0; y < ny; y++)
				System.arraycopy(rows[y + ny * z], 0, plane, y * nx, nx);
			final float[] p;
			synchronized (RUN) {
				p = UNetSegmentation.probabilities(m, plane, nx, ny, low, high, 0, monitor.part(z, 1, nz));
			}
			final int[] classes = UNetSegmentation.classes(p, k, n);
			for (int y = 0; y < ny; y++) {
				final float[] row = new float[nx];
				for (int x = 0; x < nx; x++)
					row[x] = classes[y * nx + x] + 1;
				out[y + ny * z] = row;
			}
		}
		return out;
	}
}
