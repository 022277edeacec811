package org.tessera.batch;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;

/**
 * An ImageJ macro ({@code .ijm}) run on each image of a batch, as
 * Process&gt;Batch&gt;Macro runs it: in batch mode, with the image as the current
 * one; the result is the image the macro leaves current (a new one, or the
 * input changed in place). ImageJ's macro interpreter is one per ImageJ, so
 * images go through the macro one at a time. The macro's {@code run(...)} lines
 * need ImageJ's menus, which exist in ImageJ and under a display, not in a
 * headless run.
 */
final class MacroPipeline implements Pipeline {

	/** ImageJ's current image and batch mode are global: one macro at a time. */
	private static final Object MACROS = new Object();

	private final Path file;
	private final String macro;

	private MacroPipeline(final Path file, final String macro) {
		this.file = file;
		this.macro = macro;
	}

	/**
	 * The macro in {@code file}.
	 *
	 * @throws IllegalArgumentException with one line when the file is missing or empty, or the run is headless
	 */
	static MacroPipeline of(final Path file) {
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("pipeline: macro not found: " + file);
		final String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("pipeline: cannot read macro " + file + ": " + e.getMessage(), e);
		}
		if (text.isBlank()) throw new IllegalArgumentException("pipeline: macro " + file + " is empty");
		if (GraphicsEnvironment.isHeadless()) throw new IllegalArgumentException("pipeline: the ImageJ macro " + file.getFileName() +
			" needs ImageJ's menus, which a headless run has not: use Process Folder in ImageJ, or the command line under a display " +
			"with TESSERA_HEADLESS=false (xvfb-run -a env TESSERA_HEADLESS=false scripts/tessera batch ...)");
		return new MacroPipeline(file, text);
	}

	@Override
	public ImagePlus apply(final ImagePlus input) {
		synchronized (MACROS) {
			final boolean redirecting = IJ.redirectingErrorMessages();
			IJ.redirectErrorMessages(true);
			try {
				final ImagePlus result = new Interpreter().runBatchMacro(macro, input);
				if (result == null) throw new IllegalArgumentException("macro " + file.getFileName() + " left no image open");
				return result;
			}
			catch (final RuntimeException e) {
				if (e instanceof IllegalArgumentException) throw e;
				// exit("why") in the macro, or an error ImageJ reported
				final String why = IJ.getErrorMessage();
				throw new IllegalArgumentException("macro " + file.getFileName() + " stopped" + (why == null || why.isBlank() ? "" : ": " + why
					.strip()), e);
			}
			finally {
				IJ.redirectErrorMessages(redirecting);
			}
		}
	}

	@Override
	public String describe() {
		return file.getFileName().toString();
	}
}
