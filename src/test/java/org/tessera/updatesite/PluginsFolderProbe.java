package org.tessera.updatesite;

import java.io.File;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Run by {@link UpdateSiteTest} in a fresh JVM whose class path has ImageJ 1,
 * the jars that Fiji has and the site's {@code jars/}, and nothing of Tessera:
 * Tessera comes from the ImageJ folder's {@code plugins/} only, through ImageJ's
 * own plugin class loader ({@code -Dplugins.dir}). Headless, ImageJ 1 cannot
 * build its menus (they are AWT menus), so this reads the menu entry from the
 * plugins.config of the {@code plugins/} jars whose name has an underscore, as
 * {@code ij.Menus} does, and runs it as a macro would, with ImageJ's
 * {@code IJ.runPlugIn} in a macro thread.
 * <p>
 * Arguments: the menu label, its macro options, then class names to load
 * through ImageJ's class loader ({@code resource:<name>} for a resource). Prints the menu line, the jar of each class or resource, and the
 * centre and a neighbour of the result on a 31×31 image with a single 1 in its
 * centre.
 */
public final class PluginsFolderProbe {

	private PluginsFolderProbe() {
	}

	public static void main(final String[] args) throws Exception {
		final String label = args[0], options = args[1];
		final File plugins = new File(System.getProperty("plugins.dir"), "plugins");
		String line = null;
		final File[] jars = plugins.listFiles((d, n) -> n.endsWith(".jar") && n.contains("_"));
		for (final File jar : jars == null ? new File[0] : jars)
			try (JarFile j = new JarFile(jar)) {
				final ZipEntry config = j.getEntry("plugins.config");
				if (config == null) continue;
				try (InputStream in = j.getInputStream(config)) {
					for (final String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
						if (!l.startsWith("#") && l.contains("\"" + label + "\"")) line = l.trim();
				}
			}
		if (line == null) throw new IllegalStateException("no plugins.config in " + plugins + " has \"" + label + "\"");
		System.out.println("menu: " + line);
		// Plugins>Tessera>Filters, "Gaussian Blur (Tessera)", org.tessera.ij1.TesseraPlugIn("gaussian")
		final String call = line.substring(line.lastIndexOf(',') + 1).trim();
		final int paren = call.indexOf('(');
		final String className = paren < 0 ? call : call.substring(0, paren);
		final String arg = paren < 0 ? "" : call.substring(paren + 1, call.lastIndexOf(')')).replace("\"", "");

		final ClassLoader loader = IJ.getClassLoader();
		System.out.println("class " + className + " from " + where(Class.forName(className, false, loader)));
		for (int i = 2; i < args.length; i++)
			if (args[i].startsWith("resource:")) {
				final String name = args[i].substring("resource:".length());
				final URL url = loader.getResource(name);
				if (url == null) throw new IllegalStateException("no resource " + name);
				System.out.println("resource " + name + " from " + Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
			}
			else System.out.println("class " + args[i] + " from " + where(Class.forName(args[i], false, loader)));

		Interpreter.batchMode = true; // as ImageJ -batch: images are kept, not shown
		final ImagePlus impulse = IJ.createImage("impulse", "32-bit black", 31, 31, 1);
		impulse.getProcessor().putPixelValue(15, 15, 1);
		final Throwable[] failure = new Throwable[1];
		final ImagePlus[] result = new ImagePlus[1];
		final Thread macro = new Thread(() -> {
			try {
				WindowManager.setTempCurrentImage(impulse); // the current image, as a macro's, is the thread's
				Macro.setOptions(options);
				IJ.runPlugIn(className, arg);
				result[0] = WindowManager.getCurrentImage();
			}
			catch (final Throwable t) {
				failure[0] = t;
			}
		}, "Run$_probe"); // ImageJ gives macro options to threads of this name
		macro.start();
		macro.join();
		if (failure[0] != null) throw new IllegalStateException(failure[0]);
		System.out.println("result " + result[0].getTitle() + " centre=" + result[0].getProcessor().getPixelValue(15, 15) + " neighbour=" +
			result[0].getProcessor().getPixelValue(16, 15));
		System.exit(0); // SciJava's threads would keep the JVM alive
	}

	private static String where(final Class<?> c) throws URISyntaxException {
		final CodeSource source = c.getProtectionDomain().getCodeSource();
		return source == null ? "?" : Path.of(source.getLocation().toURI()).toString();
	}
}
