package org.tessera.stardist;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.tessera.dl.Network;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A StarDist 2D model that a user brings: a folder or a .zip with
 * {@code config.json}, {@code thresholds.json} and the weights, run on the CPU
 * through DJL (offline; see {@link org.tessera.dl.Djl}):
 * <ul>
 * <li>ONNX ({@code model.onnx}, or the only {@code *.onnx}), run by ONNX Runtime;</li>
 * <li>TorchScript ({@code model.pt}, or the only {@code *.pt} or
 * {@code *.torchscript}, e.g. bioimage.io's {@code weights-torchscript.pt}),
 * as written by {@code torch.jit.save} after {@code torch.jit.trace} or
 * {@code torch.jit.script}, run by PyTorch (libtorch).</li>
 * </ul>
 * When a model has both, the ONNX weights are used: ONNX Runtime runs a StarDist
 * U-Net about 2.3x faster than PyTorch on the CPU, and starts without unpacking
 * libtorch.
 * <p>
 * Tensor contract, as the original StarDist 2D: the input has the batch axis
 * first and is either channels-last {@code [N, H, W, C]} (as exported from
 * TensorFlow/Keras) or channels-first {@code [N, C, H, W]} (as exported from
 * PyTorch). For ONNX, which one is read from the input's shape (the axis whose size
 * is {@code n_channel_in}; channels-last when both are, or when neither is but both are dynamic);
 * TorchScript does not declare its input's shape, so it is channels-first unless the
 * network runs only on channels-last input (see {@link StarDistNetwork#load}). The outputs are either one
 * tensor with {@code 1 + n_rays} channels (probability first) or two tensors,
 * probability (1 channel) and distances ({@code n_rays} channels), each
 * channels-first or channels-last, on the model's grid; with either engine.
 * <p>
 * A model holds the engine's native resources: {@link #close()} it.
 */
public final class StarDistModel implements AutoCloseable {

	/**
	 * Images are padded (mirrored, like numpy's "reflect") at the bottom and right to a
	 * multiple of this before inference, since a U-Net needs sizes divisible by
	 * 2^depth (16 covers StarDist's default depth 3 and grid 2).
	 */
	public static final int DEFAULT_DIVISOR = 16;

	private final Path source;
	private final ModelFiles files;
	private final StarDistConfig config;
	private final Thresholds thresholds;
	private final String weights;
	private final Network network;
	private final boolean channelsFirst;
	private final long[] inputShape;
	private int receptiveField = -1;

	private StarDistModel(final Path source, final ModelFiles files, final StarDistConfig config, final Thresholds thresholds,
		final String weights, final StarDistNetwork network)
	{
		this.source = source;
		this.files = files;
		this.config = config;
		this.thresholds = thresholds;
		this.weights = weights;
		this.network = network.network();
		this.channelsFirst = network.channelsFirst();
		this.inputShape = network.inputShape().clone();
	}

	/** Where the built-in models' folders are on the class path: {@code BUILT_IN + name + "/"}. */
	static final String BUILT_IN = "/org/tessera/stardist/";

	/**
	 * The names of Tessera's built-in models, the default first: {@code fluorescence}
	 * (fluorescent nuclei, one channel) and {@code he} (nuclei in brightfield and H&amp;E
	 * images, RGB), trained by {@code scripts/stardist/train_real.py} on the 2018 Data
	 * Science Bowl's annotated nuclei (see the model folders' {@code training.json}).
	 */
	public static final List<String> BUILT_IN_NAMES = List.of("fluorescence", "he");

	/** The default built-in model, for fluorescent nuclei. */
	public static StarDistModel builtIn() {
		return builtIn(BUILT_IN_NAMES.get(0));
	}

	/**
	 * A built-in model by name (one of {@link #BUILT_IN_NAMES}), read from the jar.
	 *
	 * @throws IllegalArgumentException with one line for an unknown name or a build without the model
	 */
	public static StarDistModel builtIn(final String name) {
		if (!BUILT_IN_NAMES.contains(name)) throw new IllegalArgumentException("model: no built-in StarDist model '" + name + "'; the built-in " +
			"models are " + String.join(", ", BUILT_IN_NAMES) + " (or give a model folder, .zip or bioimage.io package)");
		final ModelFiles files = ModelFiles.fromResources(BUILT_IN + name + "/", "built-in " + name);
		if (files == null) throw new IllegalArgumentException("model: this build has no built-in StarDist model '" + name + "' (" + BUILT_IN + name +
			"/ is not on the class path); give model=<folder or .zip>");
		return load(files, Path.of("built-in " + name));
	}

	/**
	 * The ONNX network of a built-in model (one of {@link #BUILT_IN_NAMES}), as
	 * bytes: what training starts from when it fine-tunes a built-in model.
	 *
	 * @throws IllegalArgumentException with one line for an unknown name or a build without the model
	 */
	public static byte[] builtInOnnx(final String name) {
		if (!BUILT_IN_NAMES.contains(name)) throw new IllegalArgumentException("no built-in StarDist model '" + name + "'; the built-in " +
			"models are " + String.join(", ", BUILT_IN_NAMES));
		try (java.io.InputStream in = StarDistModel.class.getResourceAsStream(BUILT_IN + name + "/model.onnx")) {
			if (in == null) throw new IllegalArgumentException("this build has no built-in StarDist model '" + name + "'");
			return in.readAllBytes();
		}
		catch (final java.io.IOException e) {
			throw new IllegalArgumentException("cannot read the built-in StarDist model " + name + " (" + e.getMessage() + ")");
		}
	}

	/**
	 * A model named as users name it: a built-in model's name ({@link #BUILT_IN_NAMES}; empty or null
	 * means the default) or the path of a model folder or .zip.
	 *
	 * @throws IllegalArgumentException with one line naming the model and the problem
	 */
	public static StarDistModel open(final String model) {
		if (model == null || model.isBlank()) return builtIn();
		final String name = model.trim();
		return BUILT_IN_NAMES.contains(name) ? builtIn(name) : load(Path.of(name));
	}

	/** Whether a model named as in {@link #open} is a built-in one. */
	public static boolean isBuiltIn(final String model) {
		return model == null || model.isBlank() || BUILT_IN_NAMES.contains(model.trim());
	}

	/**
	 * Loads a model from a folder or a .zip (see the class description for the weights it takes).
	 *
	 * @throws IllegalArgumentException with one line naming the model, the file and the problem
	 */
	public static StarDistModel load(final Path source) {
		return load(ModelFiles.read(source), source);
	}

	private static StarDistModel load(final ModelFiles files, final Path source) {
		final StarDistConfig config;
		try {
			config = StarDistConfig.parse(files.text(ModelFiles.CONFIG));
		}
		catch (final IllegalArgumentException e) {
			throw e.getMessage().startsWith("model ") ? e : files.error(ModelFiles.CONFIG + ": " + e.getMessage());
		}
		final Thresholds thresholds;
		try {
			thresholds = StarDistConfig.parseThresholds(files.text(ModelFiles.THRESHOLDS));
		}
		catch (final IllegalArgumentException e) {
			throw e.getMessage().startsWith("model ") ? e : files.error(ModelFiles.THRESHOLDS + ": " + e.getMessage());
		}
		final ModelFiles.Weights weights = files.weights();
		final StarDistNetwork network = StarDistNetwork.load(files, weights, config.channelsIn());
		return new StarDistModel(source, files, config, thresholds, weights.name(), network);
	}

	/** Where the model was loaded from. */
	public Path source() {
		return source;
	}

	/** The model's {@code config.json}. */
	public StarDistConfig config() {
		return config;
	}

	/** The model's tuned thresholds. */
	public Thresholds thresholds() {
		return thresholds;
	}

	/** The name of the weights file that runs (ONNX when the model also has TorchScript). */
	public String weightsFile() {
		return weights;
	}

	/** The files the model was read from (for export). */
	ModelFiles files() {
		return files;
	}

	/** The network's outputs: names and declared shapes (-1 where any size goes), in the network's order. */
	java.util.Map<String, long[]> outputs() {
		return network.outputs();
	}

	/** Whether the network takes its input channels-first ({@code [N, C, H, W]}) rather than channels-last. */
	public boolean channelsFirst() {
		return channelsFirst;
	}

	/** Predicts one image, padded to a multiple of {@link #DEFAULT_DIVISOR}. */
	public StarDistPrediction predict(final float[] image, final int height, final int width) {
		return predict(image, height, width, DEFAULT_DIVISOR);
	}

	/**
	 * Runs the network on one (already normalised) 2D image, untiled.
	 *
	 * @param image pixels in Y, X, C order ({@code (y * width + x) * channels + c}), {@code n_channel_in} channels
	 * @param height image rows
	 * @param width image columns
	 * @param divisor the image is padded to a multiple of this; it must be a multiple of the grid
	 * @return probabilities and distances on the grid, cropped to {@code ceil(height / gridY) x ceil(width / gridX)}
	 */
	public StarDistPrediction predict(final float[] image, final int height, final int width, final int divisor) {
		final int c = config.channelsIn(), gy = config.gridY(), gx = config.gridX(), nRays = config.nRays();
		if (height < 1 || width < 1 || (long) height * width * c != image.length)
			throw new IllegalArgumentException("image has " + image.length + " values, expected " + height + " x " + width + " x " + c + " channels");
		if (divisor < 1 || divisor % gy != 0 || divisor % gx != 0)
			throw new IllegalArgumentException("divisor must be a positive multiple of the grid " + gy + "x" + gx + ", got " + divisor);
		final int ph = roundUp(height, divisor), pw = roundUp(width, divisor);
		final Shape shape = channelsFirst ? new Shape(1, c, ph, pw) : new Shape(1, ph, pw, c);
		for (int d = 1; d < 4; d++)
			if (inputShape[d] >= 0 && inputShape[d] != shape.get(d))
				throw new IllegalArgumentException("model " + source + ": " + weights + " takes input shape " + Arrays.toString(inputShape) + ", the image (padded, "
					+ (channelsFirst ? "channels-first" : "channels-last") + ") gives " + Arrays.toString(shape.getShape()));
		final float[] input = padded(image, height, width, c, ph, pw, channelsFirst);
		final int oh = ph / gy, ow = pw / gx;
		try (NDManager manager = network.newManager()) {
			final NDArray in = manager.create(FloatBuffer.wrap(input), shape);
			final NDList out;
			try {
				out = network.forward(in);
			}
			catch (final EngineException e) {
				throw new IllegalArgumentException("model " + source + ": " + weights + ": " + network.engine() + " cannot run it on a " + shape + " input ("
					+ Network.oneLine(e.getCause() != null ? e.getCause() : e) + ")");
			}
			final float[] prob, dist;
			if (out.size() == 1) {
				final float[] both = channelsLast(out.get(0), 1 + nRays, oh, ow, "the output");
				prob = channel(both, 1 + nRays, 0, 1);
				dist = channel(both, 1 + nRays, 1, nRays);
			}
			else if (out.size() == 2) {
				// probability first, unless the shapes say the other way round
				final boolean swap = nRays != 1 && channelsOf(out.get(1), oh, ow) == 1 && channelsOf(out.get(0), oh, ow) == nRays;
				prob = channelsLast(out.get(swap ? 1 : 0), 1, oh, ow, "the probability output");
				dist = channelsLast(out.get(swap ? 0 : 1), nRays, oh, ow, "the distance output");
			}
			else
				throw new IllegalArgumentException("model " + source + ": " + weights + " has " + out.size()
					+ " outputs, expected one with 1 + n_rays = " + (1 + nRays) + " channels or two (probability, distances)");
			final int ch = (height + gy - 1) / gy, cw = (width + gx - 1) / gx;
			return new StarDistPrediction(ch, cw, nRays, gy, gx, crop(prob, ow, 1, ch, cw), crop(dist, ow, nRays, ch, cw));
		}
	}

	/**
	 * How far (input pixels) the network looks around a pixel, measured once:
	 * a random image and the same image with its centre pixel changed are
	 * predicted, and the farthest output cell that differs gives the radius.
	 * Cells beyond the receptive field are computed from identical inputs, so
	 * they are bit-identical; a path closed by a ReLU for both inputs could
	 * hide a little of the field, which the random background makes unlikely.
	 * Measured up to 256 pixels; a larger field is reported as 256.
	 */
	public synchronized int receptiveFieldRadius() {
		if (receptiveField >= 0) return receptiveField;
		int radius = 0;
		for (final int size : new int[] { 256, 512 }) {
			final int c = config.channelsIn(), centre = size / 2;
			final float[] a = new float[size * size * c];
			final SplittableRandom random = new SplittableRandom(size);
			for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble();
			final float[] b = a.clone();
			for (int k = 0; k < c; k++) b[(centre * size + centre) * c + k] += 1;
			final StarDistPrediction pa = predict(a, size, size), pb = predict(b, size, size);
			radius = 0;
			for (int iy = 0; iy < pa.height(); iy++)
				for (int ix = 0; ix < pa.width(); ix++) {
					boolean differs = pa.prob(iy, ix) != pb.prob(iy, ix);
					for (int r = 0; r < pa.nRays() && !differs; r++) differs = pa.dist(iy, ix, r) != pb.dist(iy, ix, r);
					if (differs) radius = Math.max(radius, Math.max(Math.abs(iy * pa.gridY() - centre), Math.abs(ix * pa.gridX() - centre)));
				}
			// the change reached (nearly) the edge: the field may be larger, measure again on a larger image
			if (radius < centre - 2 * Math.max(pa.gridY(), pa.gridX())) break;
		}
		receptiveField = radius;
		return radius;
	}

	private static int roundUp(final int n, final int divisor) {
		return (n + divisor - 1) / divisor * divisor;
	}

	/** numpy's "reflect" padding index (mirror without repeating the edge), for any pad size. */
	static int mirror(final int i, final int n) {
		if (n == 1)
			return 0;
		final int period = 2 * (n - 1);
		final int m = Math.floorMod(i, period);
		return m < n ? m : period - m;
	}

	private static float[] padded(final float[] image, final int h, final int w, final int c, final int ph, final int pw, final boolean channelsFirst) {
		final float[] out = new float[ph * pw * c];
		for (int y = 0; y < ph; y++) {
			final int sy = mirror(y, h);
			for (int x = 0; x < pw; x++) {
				final int sx = mirror(x, w);
				for (int k = 0; k < c; k++) {
					final float v = image[(sy * w + sx) * c + k];
					out[channelsFirst ? (k * ph + y) * pw + x : (y * pw + x) * c + k] = v;
				}
			}
		}
		return out;
	}

	/** The number of channels of a [1, k, h, w] or [1, h, w, k] output, or -1. */
	private static long channelsOf(final NDArray a, final int h, final int w) {
		final long[] s = a.getShape().getShape();
		if (s.length != 4)
			return -1;
		if (s[2] == h && s[3] == w)
			return s[1];
		if (s[1] == h && s[2] == w)
			return s[3];
		return -1;
	}

	/** The output's values in y, x, channel order, checking its shape. */
	private float[] channelsLast(final NDArray a, final int k, final int h, final int w, final String what) {
		final long[] s = a.getShape().getShape();
		final boolean last = s.length == 4 && s[0] == 1 && s[1] == h && s[2] == w && s[3] == k;
		final boolean first = s.length == 4 && s[0] == 1 && s[1] == k && s[2] == h && s[3] == w;
		if (!last && !first)
			throw new IllegalArgumentException("model " + source + ": " + weights + ": " + what + " has shape " + Arrays.toString(s) + ", expected [1, " + h + ", " + w
				+ ", " + k + "] or [1, " + k + ", " + h + ", " + w + "] (" + k + " channels on grid " + config.gridY() + "x" + config.gridX() + ")");
		final float[] v = a.toFloatArray();
		if (last && (!first || !channelsFirst))
			return v;
		final float[] out = new float[v.length];
		final int plane = h * w;
		for (int ch = 0; ch < k; ch++)
			for (int i = 0; i < plane; i++)
				out[i * k + ch] = v[ch * plane + i];
		return out;
	}

	private static float[] channel(final float[] v, final int k, final int from, final int count) {
		final int n = v.length / k;
		final float[] out = new float[n * count];
		for (int i = 0; i < n; i++)
			System.arraycopy(v, i * k + from, out, i * count, count);
		return out;
	}

	private static float[] crop(final float[] v, final int w, final int k, final int ch, final int cw) {
		final float[] out = new float[ch * cw * k];
		for (int y = 0; y < ch; y++)
			System.arraycopy(v, y * w * k, out, y * cw * k, cw * k);
		return out;
	}

	/** Frees the engine's native resources (the ONNX Runtime session, the TorchScript module). */
	@Override
	public void close() {
		network.close();
	}

	@Override
	public String toString() {
		return "StarDist 2D model " + source + " (" + weights + ", " + config.nRays() + " rays, grid " + config.gridY() + "x" + config.gridX() + ")";
	}
}
