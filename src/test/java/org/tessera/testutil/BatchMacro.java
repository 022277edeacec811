package org.tessera.testutil;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * ImageJ's batch mode in this JVM, as a macro with {@code setBatchMode(true)}
 * has it, for tests of menu entries run by macro lines. As a JUnit extension
 * ({@code @ExtendWith(BatchMacro.class)}) it turns batch mode on and closes
 * the batch-mode images before and after each test.
 */
public final class BatchMacro implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BatchMacro.class);

	@Override
	public void beforeEach(final ExtensionContext context) {
		context.getStore(NS).put("batchMode", Interpreter.batchMode);
		Interpreter.batchMode = true;
		closeAll();
	}

	@Override
	public void afterEach(final ExtensionContext context) {
		closeAll();
		Interpreter.batchMode = context.getStore(NS).get("batchMode", Boolean.class);
	}

	private static void closeAll() {
		for (final int id : Interpreter.getBatchModeImageIDs()) Interpreter.removeBatchModeImage(WindowManager.getImage(id));
		WindowManager.setTempCurrentImage(null);
	}

	/** What a menu entry does to be tested: its run method, say {@code () -> new TesseraPlugIn().run("psf")}. */
	@FunctionalInterface
	public interface MenuEntry {

		void run() throws Exception;
	}

	/**
	 * Runs a menu entry with these macro options, as ImageJ does: in a thread
	 * whose name starts with "Run$_" (ImageJ reads macro options only there);
	 * returns the current image afterwards (what the entry showed, if anything).
	 * What the entry throws is thrown here.
	 */
	public static ImagePlus run(final MenuEntry entry, final String options) throws Exception {
		final ImagePlus[] shown = new ImagePlus[1];
		final Throwable[] thrown = new Throwable[1];
		final Thread t = new Thread(() -> {
			Macro.setOptions(options);
			try {
				entry.run();
				shown[0] = WindowManager.getCurrentImage();
			}
			catch (final Throwable e) {
				thrown[0] = e;
			}
			finally {
				Macro.setOptions(null);
				WindowManager.setTempCurrentImage(null);
			}
		}, "Run$_tessera-test");
		t.start();
		t.join(120_000);
		if (t.isAlive()) throw new AssertionError("the menu entry did not finish in 120 s");
		if (thrown[0] instanceof Exception e) throw e;
		if (thrown[0] instanceof Error e) throw e;
		return shown[0];
	}
}
