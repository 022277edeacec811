package org.tessera.sam;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tessera.dl.JsonFields;
import org.tessera.dl.Network;
import org.tessera.dl.OnnxRuntime;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonObject;

/**
 * A FastSAM network, Tessera's built-in one ({@link #builtIn()}) or one that a
 * user brings, exported to ONNX with the contract of
 * Ultralytics' YOLOv8-seg models with one class (what {@code FastSAM-s.pt} and
 * {@code FastSAM-x.pt} export to), run on the CPU by ONNX Runtime through DJL
 * (offline; see {@link org.tessera.dl.Djl}):
 * <ul>
 * <li>one input {@code [1, 3, H, W]}: float RGB in [0, 1], letterboxed (see
 * {@link Letterbox}); {@code H} and {@code W} come from the file (usually
 * square, S x S; Ultralytics exports have a fixed size, 1024 for FastSAM). A
 * model whose file leaves the size dynamic (as Tessera's built-in one) runs at
 * {@code S x S} with {@code S} the image's larger side rounded up to a multiple
 * of 32, within [64, 1024] ({@link #dynamicSize(int, int)}): an image up to
 * 1024 pixels is seen at about its own scale (the letterbox enlarges its larger
 * side by less than 32 pixels to fill S; images under 64 pixels by more), a
 * larger one is scaled down to fit 1024;</li>
 * <li>two outputs, told apart by their rank (their usual names are
 * {@code output0} and {@code output1}): detections {@code [1, 4 + 1 + nm, N]}
 * (box {@code cx, cy, w, h} in input pixels, confidence, {@code nm} mask
 * coefficients) and prototypes {@code [1, nm, h, w]} (FastSAM: 32 prototypes on
 * a grid of a quarter of the input's size; any {@code nm} and grid are taken, as
 * long as the two outputs agree).</li>
 * </ul>
 * Anything else is refused when the model loads (and, for sizes the file leaves
 * dynamic, when it runs) with one line naming the file, the tensor, its shape and
 * what was expected.
 * <p>
 * A model also carries its default decoding ({@link #decoder()}): Ultralytics'
 * confidence 0.4, NMS IoU 0.9 and 100 detections for a file a user brings, and
 * those in {@code thresholds.json} next to the built-in model ({@link #builtIn()}),
 * chosen on validation images when it was trained.
 * <p>
 * A model holds ONNX Runtime's native resources: {@link #close()} it.
 */
public final class FastSamModel implements AutoCloseable {

	/** The smallest input size of a model with a dynamic size. */
	public static final int MIN_DYNAMIC_SIZE = 64;
	/** The largest input size of a model with a dynamic size (FastSAM's own); larger images are scaled down to it. */
	public static final int MAX_DYNAMIC_SIZE = 1024;
	/** A dynamic input size is a multiple of this (the network's largest stride). */
	public static final int DYNAMIC_MULTIPLE = 32;

	/** Where the built-in model's files are on the class path. */
	static final String BUILT_IN = "/org/tessera/sam/default-model/";
	/** The built-in model's ONNX file and its decoding defaults, in {@link #BUILT_IN}. */
	static final String BUILT_IN_ONNX = "fastsam.onnx", BUILT_IN_THRESHOLDS = "thresholds.json";

	private final Path source;
	private final Network network;
	private final String inputName;
	/** The file's input size, -1 where it is dynamic. */
	private final int inputWidth, inputHeight;
	private final List<String> outputNames;
	private final FastSamDecoder decoder;

	private FastSamModel(final Path source, final Network network, final String inputName, final int inputWidth, final int inputHeight,
		final FastSamDecoder decoder)
	{
		this.source = source;
		this.network = network;
		this.inputName = inputName;
		this.inputWidth = inputWidth;
		this.inputHeight = inputHeight;
		this.outputNames = new ArrayList<>(network.outputs().keySet());
		this.decoder = decoder;
	}

	/**
	 * Tessera's own default model for fluorescent nuclei (a small one-class YOLOv8-seg
	 * network with FastSAM's contract and a dynamic input size), trained by
	 * {@code scripts/sam/train.py} on synthetic nuclei and the permitted real images
	 * (see README), shipped in the jar with its decoding defaults
	 * ({@code thresholds.json}: {@code conf}, {@code iou}, {@code max_det}).
	 *
	 * @throws IllegalArgumentException with one line when this build has no built-in model or its files are broken
	 */
	public static FastSamModel builtIn() {
		final byte[] onnx = resource(BUILT_IN_ONNX);
		final FastSamDecoder decoder = parseDecoder(new String(resource(BUILT_IN_THRESHOLDS), StandardCharsets.UTF_8), BUILT_IN_THRESHOLDS);
		return load(Path.of("built-in FastSAM model (" + BUILT_IN + BUILT_IN_ONNX + ")"), onnx, decoder);
	}

	/**
	 * A model named as users name it, as {@code StarDistModel.open} takes its
	 * models: empty or null for the built-in model, else the path of an ONNX file.
	 *
	 * @throws IllegalArgumentException with one line naming the model and the problem
	 */
	public static FastSamModel open(final String model) {
		return model == null || model.isBlank() ? builtIn() : load(Path.of(model.trim()));
	}

	private static byte[] resource(final String name) {
		try (InputStream in = FastSamModel.class.getResourceAsStream(BUILT_IN + name)) {
			if (in == null) throw new IllegalArgumentException("model: this build has no built-in FastSAM model (" + BUILT_IN + name
				+ " is not on the class path); give model=<FastSAM .onnx>");
			return in.readAllBytes();
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model: cannot read the built-in FastSAM model's " + name + " (" + e.getMessage() + ")");
		}
	}

	/**
	 * The decoding defaults in a {@code thresholds.json}: {@code {"conf": c, "iou": t, "max_det": n}}
	 * ({@code max_det} optional, default 100).
	 *
	 * @throws IllegalArgumentException with one line naming the file and the problem
	 */
	static FastSamDecoder parseDecoder(final String json, final String file) {
		try {
			final JsonObject o = JsonFields.object(json);
			final int maxDet = o.has("max_det") ? JsonFields.positiveInt(o, "max_det") : FastSamDecoder.DEFAULT_MAX_DETECTIONS;
			return new FastSamDecoder().withConfidence(JsonFields.unitNumber(o, "conf")).withIou(JsonFields.unitNumber(o, "iou")).withMaxDetections(
				maxDet);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(file + ": " + e.getMessage());
		}
	}

	/**
	 * Loads a FastSAM (YOLOv8-seg) ONNX file and checks its contract.
	 *
	 * @throws IllegalArgumentException with one line naming the file and the problem
	 */
	public static FastSamModel load(final Path onnx) {
		final String what = "model " + onnx;
		if (Files.isDirectory(onnx))
			throw new IllegalArgumentException(what + ": expected a FastSAM .onnx file, got a folder");
		if (!Files.isRegularFile(onnx))
			throw new IllegalArgumentException(what + ": no such file");
		final byte[] bytes;
		try {
			bytes = Files.readAllBytes(onnx);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(what + ": cannot read it (" + e.getMessage() + ")");
		}
		return load(onnx, bytes, new FastSamDecoder());
	}

	private static FastSamModel load(final Path onnx, final byte[] bytes, final FastSamDecoder decoder) {
		final String what = "model " + onnx;
		final Network network = OnnxRuntime.load(what, bytes);
		try {
			final Map<String, long[]> inputs = network.inputs();
			if (inputs.size() != 1)
				throw new IllegalArgumentException(what + ": expected one input [1, 3, S, S], found " + inputs.size() + " " + describe(inputs));
			final Map.Entry<String, long[]> input = inputs.entrySet().iterator().next();
			final long[] s = input.getValue();
			if (s.length != 4 || !(s[0] == 1 || s[0] < 0) || !(s[1] == 3 || s[1] < 0) || s[2] == 0 || s[3] == 0)
				throw new IllegalArgumentException(what + ": input \"" + input.getKey() + "\" has shape " + shape(s)
					+ ", expected [1, 3, S, S] (RGB, letterboxed to S x S)");
			final FastSamModel model = new FastSamModel(onnx, network, input.getKey(), size(s[3]), size(s[2]), decoder);
			model.checkOutputs(network.outputs(), true);
			return model;
		}
		catch (final RuntimeException e) {
			network.close();
			throw e;
		}
	}

	private static int size(final long declared) {
		if (declared > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("input size " + declared + " is too large");
		return declared < 0 ? -1 : (int) declared;
	}

	/**
	 * The input size {@code S} at which a model with a dynamic size sees a {@code width x height}
	 * image: the larger side rounded up to a multiple of {@link #DYNAMIC_MULTIPLE} (32), at least
	 * {@link #MIN_DYNAMIC_SIZE} (64) and at most {@link #MAX_DYNAMIC_SIZE} (1024).
	 */
	public static int dynamicSize(final int width, final int height) {
		final long side = Math.max(width, height);
		final long rounded = (side + DYNAMIC_MULTIPLE - 1) / DYNAMIC_MULTIPLE * DYNAMIC_MULTIPLE;
		return (int) Math.min(MAX_DYNAMIC_SIZE, Math.max(MIN_DYNAMIC_SIZE, rounded));
	}

	/** Whether the file leaves the input size dynamic (then {@link #dynamicSize(int, int)} picks it per image). */
	public boolean isDynamic() {
		return inputWidth < 0 || inputHeight < 0;
	}

	/**
	 * How a {@code width x height} image goes into this model's input: into the file's
	 * size, or, where the file leaves a size dynamic, into {@link #dynamicSize(int, int)}.
	 */
	public Letterbox letterbox(final int width, final int height) {
		final int s = dynamicSize(width, height);
		return Letterbox.of(width, height, inputWidth < 0 ? s : inputWidth, inputHeight < 0 ? s : inputHeight);
	}

	/**
	 * The decoding this model is meant to be used with: Ultralytics' defaults (confidence 0.4,
	 * IoU 0.9, 100 detections) for a file a user brings, the tuned ones for the built-in model.
	 */
	public FastSamDecoder decoder() {
		return decoder;
	}

	/** Where the model was loaded from. */
	public Path source() {
		return source;
	}

	/** The input's width (S) in the file; -1 where it is dynamic (see {@link #letterbox(int, int)}). */
	public int inputWidth() {
		return inputWidth;
	}

	/** The input's height (S) in the file; -1 where it is dynamic. */
	public int inputHeight() {
		return inputHeight;
	}

	/** The input's name in the file. */
	public String inputName() {
		return inputName;
	}

	/**
	 * Runs the network on one letterboxed input of the file's fixed size.
	 *
	 * @param input {@code [3, inputHeight, inputWidth]} planes (red, green, blue), as {@link Letterbox#apply} makes
	 * @throws IllegalArgumentException with one line when ONNX Runtime cannot run it or the outputs break the contract
	 */
	public FastSamOutput predict(final float[] input) {
		if (isDynamic())
			throw new IllegalArgumentException("model " + source + ": its input size is dynamic; give the size (predict(input, width, height))");
		return predict(input, inputWidth, inputHeight);
	}

	/**
	 * Runs the network on one letterboxed {@code width x height} input.
	 *
	 * @param input {@code [3, height, width]} planes (red, green, blue), as {@link Letterbox#apply} makes
	 * @throws IllegalArgumentException with one line when the size is not the file's, ONNX Runtime cannot run it or the outputs
	 *         break the contract
	 */
	public FastSamOutput predict(final float[] input, final int width, final int height) {
		if (inputWidth >= 0 && width != inputWidth || inputHeight >= 0 && height != inputHeight)
			throw new IllegalArgumentException("model " + source + ": takes " + inputWidth + " x " + inputHeight + " inputs, got " + width + " x "
				+ height);
		final Shape shape = new Shape(1, 3, height, width);
		if (input.length != shape.size())
			throw new IllegalArgumentException("input has " + input.length + " values, expected " + shape);
		try (NDManager manager = network.newManager()) {
			final NDList out;
			try {
				out = network.forward(manager.create(FloatBuffer.wrap(input), shape));
			}
			catch (final EngineException e) {
				throw new IllegalArgumentException("model " + source + ": " + network.engine() + " cannot run it on a " + shape + " input ("
					+ Network.oneLine(e.getCause() != null ? e.getCause() : e) + ")");
			}
			final List<long[]> shapes = new ArrayList<>();
			for (final NDArray a : out) shapes.add(a.getShape().getShape());
			final Map<String, long[]> named = new LinkedHashMap<>();
			for (int k = 0; k < out.size(); k++) named.put(name(out.get(k), k), shapes.get(k));
			final int[] which = checkOutputs(named, false);
			final NDArray det = out.get(which[0]), proto = out.get(which[1]);
			final long[] ds = shapes.get(which[0]), ps = shapes.get(which[1]);
			return new FastSamOutput(floats(det), (int) ds[2], floats(proto), (int) ps[1], (int) ps[2], (int) ps[3]);
		}
	}

	private String name(final NDArray a, final int k) {
		if (a.getName() != null && !a.getName().isEmpty()) return a.getName();
		return k < outputNames.size() ? outputNames.get(k) : "output " + k;
	}

	private static float[] floats(final NDArray a) {
		return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
	}

	/**
	 * Checks the outputs against the contract; {@code declared}: shapes from the file, where
	 * -1 (dynamic) matches anything. Returns the positions of the detections and the prototypes.
	 */
	private int[] checkOutputs(final Map<String, long[]> outputs, final boolean declared) {
		final String what = "model " + source;
		final String expected = "expected two: detections [1, 4 + 1 + nm, N] (box, confidence, nm mask coefficients) and prototypes [1, nm, H, W]"
			+ " (output0 and output1 of a FastSAM / YOLOv8-seg export with one class)";
		if (outputs.size() != 2)
			throw new IllegalArgumentException(what + ": has " + outputs.size() + " output" + (outputs.size() == 1 ? "" : "s") + " " + describe(outputs)
				+ ", " + expected);
		final List<String> names = new ArrayList<>(outputs.keySet());
		final long[] a = outputs.get(names.get(0)), b = outputs.get(names.get(1));
		final int d, p;
		if (a.length == 3 && b.length == 4) {
			d = 0;
			p = 1;
		}
		else if (a.length == 4 && b.length == 3) {
			d = 1;
			p = 0;
		}
		else
			throw new IllegalArgumentException(what + ": outputs " + describe(outputs) + " have ranks " + a.length + " and " + b.length + ", " + expected);
		final String dn = names.get(d), pn = names.get(p);
		final long[] ds = outputs.get(dn), ps = outputs.get(pn);
		if (!fits(ps[0], 1) || ps[1] == 0 || ps[2] == 0 || ps[3] == 0)
			throw new IllegalArgumentException(what + ": " + output(pn) + " has shape " + shape(ps) + ", expected prototypes [1, nm, H, W]");
		if (!fits(ds[0], 1) || ds[2] == 0 || !(ds[1] < 0 || ps[1] < 0 || ds[1] == 5 + ps[1])) {
			final String rows = ps[1] < 0 ? "4 + 1 + nm" : "4 + 1 + " + ps[1] + " = " + (5 + ps[1]);
			throw new IllegalArgumentException(what + ": " + output(dn) + " has shape " + shape(ds) + ", expected [1, " + rows + ", N] (box, one class' "
				+ "confidence, " + (ps[1] < 0 ? "nm" : String.valueOf(ps[1])) + " mask coefficients, as many as " + output(pn) + " " + shape(ps)
				+ " has prototypes)");
		}
		if (!declared && (ds[1] < 6 || ps[1] < 1))
			throw new IllegalArgumentException(what + ": " + output(dn) + " " + shape(ds) + " and " + output(pn) + " " + shape(ps) + " hold no prototypes");
		return new int[] { d, p };
	}

	private static boolean fits(final long size, final long expected) {
		return size < 0 || size == expected;
	}

	private static String output(final String name) {
		return "output \"" + name + "\"";
	}

	private static String describe(final Map<String, long[]> tensors) {
		final List<String> parts = new ArrayList<>();
		tensors.forEach((n, s) -> parts.add(n + " " + shape(s)));
		return "(" + String.join(", ", parts) + ")";
	}

	/** A shape as text, "?" for a dynamic axis. */
	private static String shape(final long[] s) {
		final List<String> parts = new ArrayList<>();
		for (final long v : s) parts.add(v < 0 ? "?" : Long.toString(v));
		return "[" + String.join(", ", parts) + "]";
	}

	/** Frees ONNX Runtime's native resources. */
	@Override
	public void close() {
		network.close();
	}

	@Override
	public String toString() {
		return "FastSAM model " + source + " (input " + (isDynamic() ? "dynamic, S x S with S = the image's larger side rounded up to 32, in [64, 1024]"
			: inputWidth + " x " + inputHeight) + ")";
	}
}
