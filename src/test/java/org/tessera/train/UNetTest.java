package org.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.tessera.dl.Djl;
import org.tessera.dl.Network;
import org.tessera.dl.OnnxRuntime;
import org.tessera.dl.PyTorch;
import org.tessera.train.UNet.Architecture;
import org.tessera.train.UNet.Head;
import org.tessera.train.UNet.HeadActivation;

/** The JVM U-Net: the ONNX file it writes runs on ONNX Runtime with the values it computes itself, and reads back. */
class UNetTest {

	static final Architecture STARDIST = new Architecture(1, 2, new int[] { 8, 12, 16 },
		List.of(new Head("prob", 1, HeadActivation.SIGMOID), new Head("dist", 6, HeadActivation.SOFTPLUS)));
	static final Architecture SEMANTIC = new Architecture(3, 1, new int[] { 8, 12, 16 }, List.of(new Head("probabilities", 3, HeadActivation.SOFTMAX)));

	@Test
	void onnxRuntimeComputesWhatTheJvmNetworkComputes() {
		for (final Architecture arch : List.of(STARDIST, SEMANTIC))
			try (NDManager manager = Djl.newManager(PyTorch.ENGINE); UNet net = new UNet(arch, manager, 7)) {
				randomiseNorms(net, 3);
				final int h = 40, w = 24;
				final float[] input = random(arch.inChannels() * h * w, 11);
				final NDList jvm = net.forward(manager.create(input, new Shape(1, arch.inChannels(), h, w)), false, false);
				final byte[] onnx = OnnxExport.toOnnx(net, Map.of("k", "v"));
				try (Network ort = OnnxRuntime.load("exported", onnx); NDManager m = ort.newManager()) {
					assertEquals(List.of("input"), List.copyOf(ort.inputs().keySet()));
					assertEquals(arch.heads().stream().map(Head::name).toList(), List.copyOf(ort.outputs().keySet()));
					final NDList out = ort.forward(m.create(input, new Shape(1, arch.inChannels(), h, w)));
					for (int i = 0; i < arch.heads().size(); i++) {
						final Head head = arch.heads().get(i);
						assertEquals(new Shape(1, head.channels(), h / arch.grid(), w / arch.grid()), out.get(i).getShape(), head.name());
						assertClose(jvm.get(i).toFloatArray(), out.get(i).toFloatArray(), 1e-4f, head.name());
					}
				}
			}
	}

	@Test
	void theOnnxFileIsTheCheckpoint() {
		try (NDManager manager = Djl.newManager(PyTorch.ENGINE); UNet a = new UNet(SEMANTIC, manager, 1); UNet b = new UNet(SEMANTIC, manager, 2)) {
			randomiseNorms(a, 5);
			final OnnxExport.Contents read = OnnxExport.read("a.onnx", OnnxExport.toOnnx(a, Map.of("tessera.classes", "x")));
			assertEquals("x", read.metadata().get("tessera.classes"));
			assertEquals(ArchitectureJson.write(SEMANTIC), ArchitectureJson.write(ArchitectureJson.read("a.onnx", read.metadata().get(OnnxExport.ARCHITECTURE_KEY))));
			b.load("a.onnx", read.arrays());
			a.arrays().forEach((name, array) -> assertArrayEquals(array.toFloatArray(), b.arrays().get(name).toFloatArray(), name));
			assertArrayEquals(new long[] { 16, 3, 3, 3 }, read.shapes().get("stem.0.weight"));
		}
	}

	@Test
	void sameSeedSameNetworkOtherSeedAnother() {
		try (NDManager manager = Djl.newManager(PyTorch.ENGINE); UNet a = new UNet(SEMANTIC, manager, 1); UNet b = new UNet(SEMANTIC, manager, 1);
			UNet c = new UNet(SEMANTIC, manager, 2))
		{
			assertArrayEquals(a.arrays().get("enc2.0.weight").toFloatArray(), b.arrays().get("enc2.0.weight").toFloatArray());
			assertTrue(!java.util.Arrays.equals(a.arrays().get("enc2.0.weight").toFloatArray(), c.arrays().get("enc2.0.weight").toFloatArray()));
			// PyTorch's default: uniform within 1 / sqrt(fan-in)
			final float bound = (float) (1 / Math.sqrt(8 * 9));
			for (final float v : a.arrays().get("enc1.0.weight").toFloatArray())
				assertTrue(Math.abs(v) <= bound);
		}
	}

	@Test
	void badInputAndBadFilesAreNamed() {
		try (NDManager manager = Djl.newManager(PyTorch.ENGINE); UNet net = new UNet(STARDIST, manager, 1)) {
			final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
				() -> net.forward(manager.zeros(new Shape(1, 1, 30, 32)), false, false));
			assertTrue(size.getMessage().contains("multiples of 8"), size.getMessage());
			final IllegalArgumentException file = assertThrows(IllegalArgumentException.class, () -> OnnxExport.read("x.onnx", new byte[] { 1, 2, 3 }));
			assertTrue(file.getMessage().startsWith("x.onnx: not a readable ONNX model"), file.getMessage());
			try (UNet other = new UNet(SEMANTIC, manager, 1)) {
				final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
					() -> net.load("m.onnx", OnnxExport.read("m.onnx", OnnxExport.toOnnx(other, Map.of())).arrays()));
				assertTrue(wrong.getMessage().startsWith("m.onnx: "), wrong.getMessage());
			}
		}
	}

	/** Batch-norm statistics and affine values away from 0 and 1, so that the export of each is checked. */
	static void randomiseNorms(final UNet net, final long seed) {
		final Random r = new Random(seed);
		net.arrays().forEach((name, array) -> {
			if (name.contains(".1.") || name.contains(".4.") || name.startsWith("stem.3"))
				if (!name.endsWith("weight") || array.getShape().dimension() == 1) {
					final float[] v = new float[(int) array.size()];
					for (int i = 0; i < v.length; i++)
						v[i] = name.endsWith("var") || name.endsWith("weight") ? 0.5f + r.nextFloat() : 0.3f * (float) r.nextGaussian();
					array.set(v);
				}
		});
	}

	static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = r.nextFloat();
		return v;
	}

	static void assertClose(final float[] expected, final float[] actual, final float tolerance, final String what) {
		assertEquals(expected.length, actual.length, what);
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " at " + i);
	}
}
