package org.tessera.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The small 2D U-Net that Tessera trains, as arrays on DJL's PyTorch engine:
 * a full-resolution stem (3×3 convolution to 16 channels), a 3×3 convolution
 * to the network's grid (stride 1 or 2), three levels of two 3×3
 * convolution–batch-norm–ReLU blocks joined by 2×2 max pooling and nearest
 * upsampling with skip connections, a 3×3 feature layer of 64 channels, and one
 * 1×1 convolution per {@link Head}.
 * <p>
 * With grid 2 and the heads {@code prob} (1, sigmoid) and {@code dist} (rays,
 * softplus) it is the network of the StarDist training scripts
 * ({@code scripts/stardist/sdtools.py}, {@code StarDistUNet}), parameter names
 * included; with grid 1 and one softmax head it is the semantic U-Net. Input
 * sizes must be multiples of 4 × grid.
 * <p>
 * Parameters are named as PyTorch names them ({@code enc1.0.weight},
 * {@code enc1.1.running_mean}, …), initialised as PyTorch does (convolutions
 * uniform in ±1/√fan-in, batch norm 1 and 0) from a seeded generator, so a
 * seed gives the same network on every machine. {@link OnnxExport} writes the
 * network to ONNX under the same names and reads them back.
 */
public final class UNet implements AutoCloseable {

	/** What a head's 1×1 convolution is followed by. */
	public enum HeadActivation {
		/** nothing: the head gives logits */
		NONE,
		/** the logistic function, for probabilities of one class */
		SIGMOID,
		/** log(1 + e^x), for positive values such as distances */
		SOFTPLUS,
		/** softmax over the head's channels, for probabilities of exclusive classes */
		SOFTMAX
	}

	/** One output of the network: a name (the ONNX output's), channels and activation. */
	public record Head(String name, int channels, HeadActivation activation) {

		public Head {
			if (channels < 1)
				throw new IllegalArgumentException("head " + name + ": channels must be at least 1, not " + channels);
		}
	}

	/**
	 * The network's shape: input channels, grid (1: outputs at every pixel; 2: at
	 * every second pixel in y and x), the three levels' widths and the heads.
	 */
	public record Architecture(int inChannels, int grid, int[] widths, List<Head> heads) {

		/** The stem's channels and the feature layer's, as in the StarDist scripts. */
		public static final int STEM = 16, FEATURES = 64;

		public Architecture {
			if (inChannels < 1)
				throw new IllegalArgumentException("input channels must be at least 1, not " + inChannels);
			if (grid != 1 && grid != 2)
				throw new IllegalArgumentException("grid must be 1 or 2, not " + grid);
			if (widths.length != 3)
				throw new IllegalArgumentException("widths: three levels expected, not " + widths.length);
			for (final int w : widths)
				if (w < 1)
					throw new IllegalArgumentException("widths must be at least 1");
			if (heads.isEmpty())
				throw new IllegalArgumentException("a network needs at least one head");
			widths = widths.clone();
			heads = List.copyOf(heads);
		}

		/** Input sizes must be multiples of this (two poolings on the grid). */
		public int divisor() {
			return 4 * grid;
		}

		/**
		 * How far an output sees, in input pixels, rounded up to a multiple of
		 * {@link #divisor()}: tiles that overlap by this much give the untiled result.
		 */
		public int halo() {
			// stem 2 px, then on the grid: enc1 2, pool 1, enc2 4, pool 2, enc3 8, up 2, dec2 4, up 1, dec1 2, features 1
			final int reach = 2 + 27 * grid;
			return (reach + divisor() - 1) / divisor() * divisor();
		}

		@Override
		public int[] widths() {
			return widths.clone();
		}
	}

	private final Architecture architecture;
	private final NDManager manager;
	/** name → array, in PyTorch's order; running statistics included */
	private final Map<String, NDArray> arrays = new LinkedHashMap<>();
	/** whether batch norm keeps its running statistics in training too */
	private boolean frozenNorm;

	/** A network with PyTorch's initial values drawn from {@code seed}, its arrays in a sub-manager of {@code parent}. */
	public UNet(final Architecture architecture, final NDManager parent, final long seed) {
		this.architecture = architecture;
		this.manager = parent.newSubManager();
		final SplittableRandom random = new SplittableRandom(seed);
		final int[] w = architecture.widths;
		final int a = w[0], b = w[1], c = w[2];
		conv("stem.0", architecture.inChannels, Architecture.STEM, 3, random);
		conv("stem.2", Architecture.STEM, a, 3, random);
		norm("stem.3", a);
		block("enc1", a, a, random);
		block("enc2", a, b, random);
		block("enc3", b, c, random);
		block("dec2", c + b, b, random);
		block("dec1", b + a, a, random);
		conv("features.0", a, Architecture.FEATURES, 3, random);
		for (final Head head : architecture.heads)
			conv(head.name(), Architecture.FEATURES, head.channels(), 1, random);
	}

	private void block(final String name, final int in, final int out, final SplittableRandom random) {
		conv(name + ".0", in, out, 3, random);
		norm(name + ".1", out);
		conv(name + ".3", out, out, 3, random);
		norm(name + ".4", out);
	}

	private void conv(final String name, final int in, final int out, final int k, final SplittableRandom random) {
		final float bound = (float) (1 / Math.sqrt(in * k * k));
		arrays.put(name + ".weight", uniform(random, bound, new Shape(out, in, k, k)));
		arrays.put(name + ".bias", uniform(random, bound, new Shape(out)));
	}

	private void norm(final String name, final int channels) {
		arrays.put(name + ".weight", manager.ones(new Shape(channels)));
		arrays.put(name + ".bias", manager.zeros(new Shape(channels)));
		arrays.put(name + ".running_mean", manager.zeros(new Shape(channels)));
		arrays.put(name + ".running_var", manager.ones(new Shape(channels)));
	}

	private NDArray uniform(final SplittableRandom random, final float bound, final Shape shape) {
		final float[] v = new float[Math.toIntExact(shape.size())];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
		try (NDArray blob = manager.create(v, shape)) {
			return blob.duplicate();
		}
	}

	/** The network's shape. */
	public Architecture architecture() {
		return architecture;
	}

	/** All arrays by PyTorch's name, in order: weights, biases and batch-norm statistics. */
	public Map<String, NDArray> arrays() {
		return Collections.unmodifiableMap(arrays);
	}

	/** The arrays that training changes by gradient (not the batch-norm running statistics). */
	public List<NDArray> parameters() {
		final List<NDArray> p = new ArrayList<>();
		arrays.forEach((name, array) -> {
			if (!name.endsWith(".running_mean") && !name.endsWith(".running_var"))
				p.add(array);
		});
		return p;
	}

	/**
	 * Whether batch norm normalises by its running statistics in training too,
	 * and keeps them, as when fine-tuning on a few images (their batches would
	 * give statistics far from the ones the network learnt) or a network whose
	 * batch norm was folded into its convolutions. Its scale and shift are still trained.
	 */
	public void freezeNorm(final boolean frozen) {
		this.frozenNorm = frozen;
	}

	/** The manager that owns the network's arrays. */
	public NDManager manager() {
		return manager;
	}

	/**
	 * Replaces the values of the named arrays (same shapes), e.g. from a model to
	 * fine-tune; names the network lacks, or shapes that differ, are an error.
	 *
	 * @param what the source for messages
	 */
	public void load(final String what, final Map<String, float[]> values) {
		for (final Map.Entry<String, NDArray> e : arrays.entrySet()) {
			final float[] v = values.get(e.getKey());
			if (v == null)
				throw new IllegalArgumentException(what + ": has no array " + e.getKey() + " (not a Tessera U-Net of this shape)");
			if (v.length != e.getValue().size())
				throw new IllegalArgumentException(what + ": array " + e.getKey() + " has " + v.length + " values, the network expects "
					+ e.getValue().size() + " (" + e.getValue().getShape() + ")");
			e.getValue().set(v);
		}
	}

	/**
	 * Runs the network on a batch [N, C, H, W] (H and W multiples of
	 * {@link Architecture#divisor()}), giving the heads in order, each
	 * [N, channels, H / grid, W / grid]. In training, batch norm uses the batch's
	 * statistics and updates its running ones (PyTorch's momentum 0.1), and
	 * {@code logits} gives the softmax heads before their softmax.
	 */
	public NDList forward(final NDArray x, final boolean training, final boolean logits) {
		final long h = x.getShape().get(2), w = x.getShape().get(3);
		if (h % architecture.divisor() != 0 || w % architecture.divisor() != 0)
			throw new IllegalArgumentException("input " + h + "x" + w + ": height and width must be multiples of " + architecture.divisor());
		NDArray s = relu(conv(x, "stem.0", 1));
		s = relu(norm(conv(s, "stem.2", architecture.grid), "stem.3", training));
		final NDArray e1 = block(s, "enc1", training);
		final NDArray e2 = block(pool(e1), "enc2", training);
		final NDArray e3 = block(pool(e2), "enc3", training);
		final NDArray d2 = block(NDArrays.concat(new NDList(up(e3), e2), 1), "dec2", training);
		final NDArray d1 = block(NDArrays.concat(new NDList(up(d2), e1), 1), "dec1", training);
		final NDArray f = relu(conv(d1, "features.0", 1));
		final NDList out = new NDList();
		for (final Head head : architecture.heads) {
			final NDArray y = conv(f, head.name(), 1);
			out.add(switch (head.activation()) {
				case NONE -> y;
				case SIGMOID -> Activation.sigmoid(y);
				case SOFTPLUS -> Activation.softPlus(y);
				case SOFTMAX -> logits ? y : y.softmax(1);
			});
		}
		return out;
	}

	private NDArray block(final NDArray x, final String name, final boolean training) {
		final NDArray y = relu(norm(conv(x, name + ".0", 1), name + ".1", training));
		return relu(norm(conv(y, name + ".3", 1), name + ".4", training));
	}

	private NDArray conv(final NDArray x, final String name, final int stride) {
		final NDArray weight = arrays.get(name + ".weight");
		final int pad = (int) (weight.getShape().get(2) / 2);
		return Conv2d.conv2d(x, weight, arrays.get(name + ".bias"), new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1)).head();
	}

	private NDArray norm(final NDArray x, final String name, final boolean training) {
		return BatchNorm.batchNorm(x, arrays.get(name + ".running_mean"), arrays.get(name + ".running_var"), arrays.get(name + ".weight"),
			arrays.get(name + ".bias"), 1, 0.9f, OnnxExport.BATCH_NORM_EPSILON, training && !frozenNorm).head();
	}

	private static NDArray relu(final NDArray x) {
		return Activation.relu(x);
	}

	private static NDArray pool(final NDArray x) {
		return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
	}

	private static NDArray up(final NDArray x) {
		// nearest ×2 as a product with ones (its gradient is a sum); expand + reshape gave NaN now and then on PyTorch's CPU kernels
		final Shape s = x.getShape();
		final long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
		try (NDArray ones = x.getManager().ones(new Shape(1, 1, 1, 2, 1, 2))) {
			return x.reshape(n, c, h, 1, w, 1).mul(ones).reshape(n, c, 2 * h, 2 * w);
		}
	}

	/** A float array of this network's manager with the values {@code v} and shape. */
	NDArray create(final float[] v, final Shape shape) {
		return manager.create(v, shape).toType(DataType.FLOAT32, false);
	}

	/** Frees the network's arrays. */
	@Override
	public void close() {
		manager.close();
	}
}
