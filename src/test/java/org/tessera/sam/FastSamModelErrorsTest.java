package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models that break the contract: one line naming the file, the tensor, its shape and what was expected. */
class FastSamModelErrorsTest {

	@TempDir
	Path tmp;

	private static String error(final Path model) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastSamModel.load(model).close());
		assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
		assertTrue(e.getMessage().startsWith("model " + model + ": "), e.getMessage());
		return e.getMessage();
	}

	private static void assertContains(final String message, final String... parts) {
		for (final String p : parts) assertTrue(message.contains(p), "'" + p + "' not in: " + message);
	}

	@Test
	void coefficientsThatDoNotMatchThePrototypes() {
		final String m = error(SamTestData.DIR.resolve("wrong-rows.onnx"));
		assertContains(m, "output \"output0\" has shape [1, 36, 4]", "expected [1, 4 + 1 + 32 = 37, N]", "output \"output1\" [1, 32, 16, 16]");
	}

	@Test
	void aSingleOutput() {
		final String m = error(SamTestData.DIR.resolve("single-output.onnx"));
		assertContains(m, "has 1 output (output0 [1, 37, 4])", "expected two", "[1, nm, H, W]");
	}

	@Test
	void aGreyInput() {
		final String m = error(SamTestData.DIR.resolve("grey-input.onnx"));
		assertContains(m, "input \"images\" has shape [1, 1, 64, 64]", "expected [1, 3, S, S]");
	}

	@Test
	void noFileAFolderAndNotOnnx() throws Exception {
		assertContains(error(tmp.resolve("missing.onnx")), "no such file");
		assertContains(error(tmp), "expected a FastSAM .onnx file, got a folder");
		final Path junk = Files.writeString(tmp.resolve("junk.onnx"), "not a model");
		assertContains(error(junk), "ONNX Runtime cannot load it (");
	}
}
