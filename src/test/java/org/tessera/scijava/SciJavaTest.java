package org.tessera.scijava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;
import org.tessera.command.GaussianCommand;
import org.tessera.core.AxisImg;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.TestImages;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

/** Tessera inside a SciJava context: discovery, conversion, scripting, running commands. */
class SciJavaTest {

	private static Context context;

	@BeforeAll
	static void createContext() {
		context = new Context();
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	private static ImagePlus randomImage() {
		final ImagePlus imp = IJ.createImage("random", "32-bit black", 40, 30, 5);
		TestImages.fill(ImagePlusViews.<FloatType> wrapReal(imp).data(), 3, 1);
		return imp;
	}

	@Test
	void commandsAreFoundThroughTheAnnotationIndex() {
		final CommandService commands = context.service(CommandService.class);
		final List<String> names = TesseraCommands.all(commands).stream().map(CommandInfo::getName).toList();
		assertTrue(names.contains("gaussian"), names.toString());
		assertTrue(names.contains("synthetic-nuclei"), names.toString());
		assertEquals(GaussianCommand.class.getName(), TesseraCommands.find(commands, "gaussian").getClassName());
	}

	@Test
	void imagePlusConvertsToARandomAccessibleIntervalWithoutCopying() {
		final ImagePlus imp = randomImage();
		final ConvertService convert = context.service(ConvertService.class);
		assertTrue(convert.supports(imp, RandomAccessibleInterval.class));
		final RandomAccessibleInterval<?> rai = convert.convert(imp, RandomAccessibleInterval.class);
		assertEquals(3, rai.numDimensions());
		assertSame(imp.getStack().getPixels(2), ((PlanarImg<?, ?>) rai).getPlane(1).getCurrentStorageArray());
		assertNotNull(convert.convert(imp, AxisImg.class));
	}

	@Test
	void groovyAndPythonAreScriptLanguages() {
		final ScriptService scripts = context.service(ScriptService.class);
		assertNotNull(scripts.getLanguageByExtension("groovy"), "no Groovy");
		assertNotNull(scripts.getLanguageByExtension("py"), "no Python");
		assertNotNull(scripts.getLanguageByName("python"));
	}

	private static Object runScript(final String file, final String code, final Object... inputs) throws Exception {
		final ScriptModule m = context.service(ScriptService.class).run(file, code, true, inputs).get();
		return m.getOutput("result");
	}

	@Test
	void imagePlusAliasWorksInGroovyAndPython() throws Exception {
		final ImagePlus imp = randomImage();
		assertEquals(40 * 30, runScript("size.groovy", "#@ ImagePlus imp\n#@output Integer result\nresult = imp.getWidth() * imp.getHeight()\n",
			"imp", imp));
		assertEquals(5, ((Number) runScript("size.py", "#@ ImagePlus imp\n#@output Integer result\nresult = imp.getStackSize()\n", "imp",
			imp)).intValue());
	}

	@Test
	void scriptCanDeclareARandomAccessibleIntervalAndGetAnImagePlus() throws Exception {
		final ImagePlus imp = randomImage();
		assertEquals(3L, ((Number) runScript("dims.groovy",
			"#@ RandomAccessibleInterval img\n#@output Long result\nresult = (long) img.numDimensions()\n", "img", imp)).longValue());
	}

	@Test
	void gaussianCommandRunsThroughTheCommandServiceLikeTheLibrary() throws Exception {
		final ImagePlus imp = randomImage();
		final CommandModule m = context.service(CommandService.class).run(GaussianCommand.class, true, "input", imp, "sigma", "1.5,1.5,1",
			"device", "CPU", "boundary", "reflect").get();
		final ImagePlus out = (ImagePlus) m.getOutput("output");
		assertEquals("random-gaussian", out.getTitle());
		final AxisImg<FloatType> expected = new GaussianBlur(new double[] { 1.5, 1.5, 1 }, org.tessera.core.Boundary.REFLECT, 4, null)
			.apply(ImagePlusViews.<FloatType> wrapReal(imp));
		assertArrayEquals(TestImages.values(expected), TestImages.values(ImagePlusViews.<FloatType> wrapReal(out)), 0.0);
	}
}
