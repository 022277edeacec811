package org.tessera.dl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The .npy and PNG writers of model packages, read back by independent readers where there are some (ImageIO for PNG). */
class NpyPngTest {

	@Test
	void npyRoundTripsWithAnAlignedHeader() {
		final float[] v = { 1, -2.5f, Float.MAX_VALUE, 0, 3, 4 };
		final byte[] b = Npy.write(v, 1, 2, 3);
		final String header = new String(b, 10, b[8] & 0xff, StandardCharsets.US_ASCII);
		assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (1, 2, 3)"), header);
		assertEquals(0, (10 + (b[8] & 0xff)) % 64, "data starts on a 64-byte boundary");
		final Npy.Array a = Npy.read(b);
		assertArrayEquals(new long[] { 1, 2, 3 }, a.shape());
		assertArrayEquals(v, a.data());
		assertTrue(new String(Npy.write(new float[] { 7 }, 1), StandardCharsets.US_ASCII).contains("'shape': (1,)"));
	}

	@Test
	void aShortNpyIsAnError() {
		final byte[] b = Npy.write(new float[16], 4, 4);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(java.util.Arrays.copyOf(b, b.length - 4)));
		assertTrue(e.getMessage().contains("16 values in the header"), e.getMessage());
	}

	@Test
	void pngIsReadByImageIo() throws Exception {
		final int[] rgb = new int[5 * 3];
		for (int i = 0; i < rgb.length; i++) rgb[i] = i * 0x010203;
		final java.awt.image.BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.rgb(rgb, 5, 3)));
		assertEquals(5, img.getWidth());
		assertEquals(3, img.getHeight());
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 5; x++) assertEquals(rgb[y * 5 + x], img.getRGB(x, y) & 0xffffff);
	}

	@Test
	void onnxOpsetIsReadFromTheFile() throws Exception {
		assertEquals(13, OnnxRuntime.opsetVersion(Files.readAllBytes(Path.of("src/main/resources/org/tessera/stardist/fluorescence/model.onnx"))));
		assertEquals(-1, OnnxRuntime.opsetVersion("not onnx".getBytes(StandardCharsets.US_ASCII)));
	}
}
