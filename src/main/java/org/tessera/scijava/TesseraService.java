package org.tessera.scijava;

import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.script.ScriptService;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;
import org.tessera.core.AxisImg;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;

/**
 * Sets up Tessera in a SciJava context: script parameter aliases, so that
 * {@code #@ ImagePlus imp}, {@code #@ AxisImg img} and
 * {@code #@ RandomAccessibleInterval rai} work without the full
 * ImageJ2 stack.
 */
@Plugin(type = Service.class)
public class TesseraService extends AbstractService implements SciJavaService {

	@Parameter
	private ScriptService scriptService;

	@Override
	public void initialize() {
		registerAliases(scriptService);
	}

	/** Registers Tessera's script parameter aliases; safe to call more than once. */
	public static void registerAliases(final ScriptService scripts) {
		scripts.addAlias(ImagePlus.class);
		scripts.addAlias(AxisImg.class);
		scripts.addAlias(RandomAccessibleInterval.class);
		scripts.addAlias(Img.class);
	}
}
