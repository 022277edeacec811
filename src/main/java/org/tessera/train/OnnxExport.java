package org.tessera.train;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;

import org.tessera.train.UNet.Architecture;
import org.tessera.train.UNet.Head;

/**
 * Writes a {@link UNet} as an ONNX model (opset 13) that ONNX Runtime runs, and
 * reads the arrays of such a file back for fine-tuning. Written from the ONNX
 * protobuf schema ({@code onnx.proto}: ModelProto, GraphProto, NodeProto,
 * TensorProto) with no protobuf library.
 * <p>
 * The graph has one input {@code input} [N, C, H, W] and one output per head,
 * named as the head; the arrays are initializers under PyTorch's names and
 * batch norm stays a {@code BatchNormalization} node (ONNX Runtime fuses it into
 * the convolution when it loads the model), so the file is also the training
 * checkpoint. The architecture is written into the model's metadata
 * ({@value #ARCHITECTURE_KEY}), so a model can be fine-tuned from its file alone.
 */
public final class OnnxExport {

	/** Batch norm's epsilon, PyTorch's default. */
	public static final float BATCH_NORM_EPSILON = 1e-5f;
	/** The metadata key of the architecture (JSON). */
	public static final String ARCHITECTURE_KEY = "tessera.unet";
	static final int OPSET = 13, IR_VERSION = 7;

	private OnnxExport() {}

	/** The network as ONNX bytes; {@code metadata} adds key–value pairs to the model's metadata. */
	public static byte[] toOnnx(final UNet net, final Map<String, String> metadata) {
		final Architecture arch = net.architecture();
		final Graph g = new Graph();
		net.arrays().forEach((name, array) -> g.initializer(name, array));
		String s = g.relu(g.conv("input", "stem.0", 1, 1));
		s = g.relu(g.norm(g.conv(s, "stem.2", arch.grid(), 1), "stem.3"));
		final String e1 = g.block(s, "enc1");
		final String e2 = g.block(g.pool(e1), "enc2");
		final String e3 = g.block(g.pool(e2), "enc3");
		final String d2 = g.block(g.concat(g.up(e3), e2), "dec2");
		final String d1 = g.block(g.concat(g.up(d2), e1), "dec1");
		final String f = g.relu(g.conv(d1, "features.0", 1, 1));
		for (final Head head : arch.heads()) {
			final String y = g.conv(f, head.name(), 1, 0);
			switch (head.activation()) {
				case NONE -> g.node("Identity", List.of(y), head.name(), List.of());
				case SIGMOID -> g.node("Sigmoid", List.of(y), head.name(), List.of());
				case SOFTPLUS -> g.node("Softplus", List.of(y), head.name(), List.of());
				case SOFTMAX -> g.node("Softmax", List.of(y), head.name(), List.of(Proto.intAttribute("axis", 1)));
			}
		}
		final Proto graph = new Proto();
		for (final byte[] node : g.nodes)
			graph.message(1, node);
		graph.string(2, "tessera-unet");
		for (final byte[] init : g.initializers)
			graph.message(5, init);
		graph.message(11, valueInfo("input", arch.inChannels()));
		for (final Head head : arch.heads())
			graph.message(12, valueInfo(head.name(), head.channels()));

		final Proto model = new Proto();
		model.varint(1, IR_VERSION);
		model.string(2, "Tessera");
		model.message(7, graph.bytes());
		model.message(8, new Proto().string(1, "").varint(2, OPSET).bytes());
		final Map<String, String> meta = new LinkedHashMap<>();
		meta.put(ARCHITECTURE_KEY, ArchitectureJson.write(arch));
		meta.putAll(metadata);
		meta.forEach((k, v) -> model.message(14, new Proto().string(1, k).string(2, v).bytes()));
		return model.bytes();
	}

	private static byte[] valueInfo(final String name, final long channels) {
		final Proto shape = new Proto();
		shape.message(1, new Proto().string(2, "N").bytes());
		shape.message(1, new Proto().varint(1, channels).bytes());
		shape.message(1, new Proto().string(2, "H").bytes());
		shape.message(1, new Proto().string(2, "W").bytes());
		final byte[] tensorType = new Proto().varint(1, 1).message(2, shape.bytes()).bytes();
		return new Proto().string(1, name).message(2, new Proto().message(1, tensorType).bytes()).bytes();
	}

	/** The nodes and initializers of a graph being written, with fresh names for intermediate values. */
	private static final class Graph {

		final List<byte[]> nodes = new ArrayList<>();
		final List<byte[]> initializers = new ArrayList<>();
		private int next;

		void initializer(final String name, final NDArray array) {
			initializers.add(tensor(name, array.getShape().getShape(), array.toFloatArray()));
		}

		String node(final String op, final List<String> inputs, final String output, final List<byte[]> attributes) {
			final Proto n = new Proto();
			for (final String in : inputs)
				n.string(1, in);
			n.string(2, output);
			n.string(3, op + "_" + nodes.size());
			n.string(4, op);
			for (final byte[] a : attributes)
				n.message(5, a);
			nodes.add(n.bytes());
			return output;
		}

		String node(final String op, final List<String> inputs, final List<byte[]> attributes) {
			return node(op, inputs, "t" + next++, attributes);
		}

		String conv(final String x, final String name, final int stride, final int pad) {
			final int k = pad * 2 + 1;
			return node("Conv", List.of(x, name + ".weight", name + ".bias"),
				List.of(Proto.intsAttribute("kernel_shape", k, k), Proto.intsAttribute("pads", pad, pad, pad, pad),
					Proto.intsAttribute("strides", stride, stride)));
		}

		String norm(final String x, final String name) {
			return node("BatchNormalization",
				List.of(x, name + ".weight", name + ".bias", name + ".running_mean", name + ".running_var"),
				List.of(Proto.floatAttribute("epsilon", BATCH_NORM_EPSILON)));
		}

		String relu(final String x) {
			return node("Relu", List.of(x), List.of());
		}

		String block(final String x, final String name) {
			final String y = relu(norm(conv(x, name + ".0", 1, 1), name + ".1"));
			return relu(norm(conv(y, name + ".3", 1, 1), name + ".4"));
		}

		String pool(final String x) {
			return node("MaxPool", List.of(x), List.of(Proto.intsAttribute("kernel_shape", 2, 2), Proto.intsAttribute("strides", 2, 2)));
		}

		String up(final String x) {
			if (!hasScales) {
				initializers.add(tensor("upsample.scales", new long[] { 4 }, new float[] { 1, 1, 2, 2 }));
				hasScales = true;
			}
			return node("Resize", List.of(x, "", "upsample.scales"),
				List.of(Proto.stringAttribute("mode", "nearest"), Proto.stringAttribute("coordinate_transformation_mode", "asymmetric"),
					Proto.stringAttribute("nearest_mode", "floor")));
		}

		private boolean hasScales;

		String concat(final String a, final String b) {
			return node("Concat", List.of(a, b), List.of(Proto.intAttribute("axis", 1)));
		}
	}

	private static byte[] tensor(final String name, final long[] dims, final float[] values) {
		final Proto t = new Proto();
		for (final long d : dims)
			t.varint(1, d);
		t.varint(2, 1); // FLOAT
		t.string(8, name);
		final ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		raw.asFloatBuffer().put(values);
		t.bytes(9, raw.array());
		return t.bytes();
	}

	/**
	 * The float initializers of an ONNX model by name (raw or listed float data),
	 * and its metadata. Other data types are skipped.
	 *
	 * @param what the file for messages
	 * @throws IllegalArgumentException naming {@code what} when the bytes are not an ONNX model
	 */
	public static Contents read(final String what, final byte[] onnx) {
		final Map<String, float[]> arrays = new LinkedHashMap<>();
		final Map<String, long[]> shapes = new LinkedHashMap<>();
		final Map<String, String> metadata = new LinkedHashMap<>();
		final List<Node> nodes = new ArrayList<>();
		try {
			final ByteBuffer model = ByteBuffer.wrap(onnx);
			boolean graphSeen = false;
			while (model.hasRemaining()) {
				final long key = Proto.varint(model);
				final int field = (int) (key >>> 3), wire = (int) (key & 7);
				if (field == 7 && wire == 2) {
					graphSeen = true;
					final ByteBuffer graph = Proto.sub(model);
					while (graph.hasRemaining()) {
						final long k = Proto.varint(graph);
						if (k >>> 3 == 5 && (k & 7) == 2)
							readTensor(Proto.sub(graph), arrays, shapes);
						else if (k >>> 3 == 1 && (k & 7) == 2)
							nodes.add(readNode(Proto.sub(graph)));
						else Proto.skip(graph, (int) (k & 7));
					}
				}
				else if (field == 14 && wire == 2) {
					final ByteBuffer entry = Proto.sub(model);
					String k = "", v = "";
					while (entry.hasRemaining()) {
						final long t = Proto.varint(entry);
						if (t >>> 3 == 1 && (t & 7) == 2) k = Proto.text(entry);
						else if (t >>> 3 == 2 && (t & 7) == 2) v = Proto.text(entry);
						else Proto.skip(entry, (int) (t & 7));
					}
					metadata.put(k, v);
				}
				else Proto.skip(model, wire);
			}
			if (!graphSeen)
				throw new IllegalArgumentException("no graph");
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(what + ": not a readable ONNX model (" + e.getMessage() + ")", e);
		}
		return new Contents(arrays, shapes, metadata, nodes);
	}

	/** What {@link #read} finds: float arrays and their shapes by name, the metadata, and the graph's nodes in order. */
	public record Contents(Map<String, float[]> arrays, Map<String, long[]> shapes, Map<String, String> metadata, List<Node> nodes) {}

	/** A node of the graph: its operator and the names of its inputs. */
	public record Node(String op, List<String> inputs) {}

	private static Node readNode(final ByteBuffer n) {
		final List<String> inputs = new ArrayList<>();
		String op = "";
		while (n.hasRemaining()) {
			final long k = Proto.varint(n);
			final int field = (int) (k >>> 3), wire = (int) (k & 7);
			if (field == 1 && wire == 2) inputs.add(Proto.text(n));
			else if (field == 4 && wire == 2) op = Proto.text(n);
			else Proto.skip(n, wire);
		}
		return new Node(op, List.copyOf(inputs));
	}

	private static void readTensor(final ByteBuffer t, final Map<String, float[]> arrays, final Map<String, long[]> shapes) {
		final List<Long> dims = new ArrayList<>();
		int type = 0;
		String name = "";
		float[] raw = null;
		final List<Float> listed = new ArrayList<>();
		while (t.hasRemaining()) {
			final long k = Proto.varint(t);
			final int field = (int) (k >>> 3), wire = (int) (k & 7);
			if (field == 1 && wire == 0) dims.add(Proto.varint(t));
			else if (field == 1 && wire == 2) {
				final ByteBuffer packed = Proto.sub(t);
				while (packed.hasRemaining())
					dims.add(Proto.varint(packed));
			}
			else if (field == 2 && wire == 0) type = (int) Proto.varint(t);
			else if (field == 8 && wire == 2) name = Proto.text(t);
			else if (field == 9 && wire == 2) {
				final ByteBuffer r = Proto.sub(t).order(ByteOrder.LITTLE_ENDIAN);
				raw = new float[r.remaining() / 4];
				r.asFloatBuffer().get(raw);
			}
			else if (field == 4 && wire == 5) listed.add(t.order(ByteOrder.LITTLE_ENDIAN).getFloat());
			else if (field == 4 && wire == 2) {
				final ByteBuffer packed = Proto.sub(t).order(ByteOrder.LITTLE_ENDIAN);
				while (packed.hasRemaining())
					listed.add(packed.getFloat());
			}
			else Proto.skip(t, wire);
		}
		if (type != 1)
			return;
		float[] values = raw;
		if (values == null) {
			values = new float[listed.size()];
			for (int i = 0; i < values.length; i++)
				values[i] = listed.get(i);
		}
		arrays.put(name, values);
		shapes.put(name, dims.stream().mapToLong(Long::longValue).toArray());
	}

	/** A protobuf message being written, fields in the order added. */
	static final class Proto {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Proto varint(final int field, final long value) {
			key(field, 0);
			writeVarint(value);
			return this;
		}

		Proto string(final int field, final String value) {
			return bytes(field, value.getBytes(StandardCharsets.UTF_8));
		}

		Proto bytes(final int field, final byte[] value) {
			key(field, 2);
			writeVarint(value.length);
			out.writeBytes(value);
			return this;
		}

		Proto message(final int field, final byte[] message) {
			return bytes(field, message);
		}

		Proto fixed32(final int field, final float value) {
			key(field, 5);
			final int bits = Float.floatToIntBits(value);
			for (int i = 0; i < 4; i++)
				out.write(bits >>> 8 * i & 0xff);
			return this;
		}

		byte[] bytes() {
			return out.toByteArray();
		}

		private void key(final int field, final int wire) {
			writeVarint((long) field << 3 | wire);
		}

		private void writeVarint(long v) {
			while ((v & ~0x7fL) != 0) {
				out.write((int) (v & 0x7f | 0x80));
				v >>>= 7;
			}
			out.write((int) v);
		}

		// AttributeProto: 1 name, 2 f, 3 i, 4 s, 8 ints, 20 type (FLOAT 1, INT 2, STRING 3, INTS 7)
		static byte[] intAttribute(final String name, final long value) {
			return new Proto().string(1, name).varint(3, value).varint(20, 2).bytes();
		}

		static byte[] intsAttribute(final String name, final long... values) {
			final Proto p = new Proto().string(1, name);
			for (final long v : values)
				p.varint(8, v);
			return p.varint(20, 7).bytes();
		}

		static byte[] floatAttribute(final String name, final float value) {
			return new Proto().string(1, name).fixed32(2, value).varint(20, 1).bytes();
		}

		static byte[] stringAttribute(final String name, final String value) {
			return new Proto().string(1, name).string(4, value).varint(20, 3).bytes();
		}

		static long varint(final ByteBuffer b) {
			long v = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				final byte x = b.get();
				v |= (long) (x & 0x7f) << shift;
				if (x >= 0)
					return v;
			}
			throw new IllegalArgumentException("varint too long");
		}

		static ByteBuffer sub(final ByteBuffer b) {
			final int length = Math.toIntExact(varint(b));
			final ByteBuffer s = b.slice(b.position(), length);
			b.position(b.position() + length);
			return s;
		}

		static String text(final ByteBuffer b) {
			final ByteBuffer s = sub(b);
			final byte[] t = new byte[s.remaining()];
			s.get(t);
			return new String(t, StandardCharsets.UTF_8);
		}

		static void skip(final ByteBuffer b, final int wire) {
			switch (wire) {
				case 0 -> varint(b);
				case 1 -> b.position(b.position() + 8);
				case 2 -> sub(b);
				case 5 -> b.position(b.position() + 4);
				default -> throw new IllegalArgumentException("unknown protobuf wire type " + wire);
			}
		}
	}
}
