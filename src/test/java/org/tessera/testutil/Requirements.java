package org.tessera.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;

import org.junit.jupiter.api.Assumptions;
import org.tessera.gpu.OpenCL;

/**
 * Tests that need an OpenCL device, a display or Debian Python packages call
 * these. They fail when the machine lacks it (CI installs pocl and the
 * packages and runs under Xvfb, so nothing is silently skipped there); pass
 * {@code -Dtessera.skipDevices=true} to skip them instead on a machine without.
 */
public final class Requirements {

	private Requirements() {
	}

	private static boolean skipAllowed() {
		return Boolean.getBoolean("tessera.skipDevices");
	}

	public static void requireOpenCL() {
		final String why = OpenCL.whyUnavailable();
		if (why == null) return;
		if (skipAllowed()) Assumptions.abort("no OpenCL device: " + why);
		fail("this test needs an OpenCL device (" + why + "); install pocl-opencl-icd and ocl-icd-opencl-dev, or run with -Dtessera.skipDevices=true");
	}

	public static void requireDisplay() {
		if (!GraphicsEnvironment.isHeadless() && System.getenv("DISPLAY") != null) return;
		if (skipAllowed()) Assumptions.abort("no display");
		fail("this test needs a display; run it under xvfb-run, or with -Dtessera.skipDevices=true");
	}

	/** Debian's /usr/bin/python3 with the zarr package, the independent Zarr reader and writer of the tests. */
	public static void requirePythonZarr() {
		requirePython("zarr, numcodecs", "python3-zarr");
	}

	/** Debian's /usr/bin/python3 with PyTorch, SciPy and tifffile, which the model training scripts need. */
	public static void requirePythonTorch() {
		requirePython("torch, scipy, tifffile", "python3-torch python3-scipy python3-tifffile");
	}

	/** Debian's /usr/bin/python3 with scikit-image and scikit-learn, the pixel classifier's independent references and peer. */
	public static void requirePythonSkimage() {
		requirePython("skimage, sklearn", "python3-skimage python3-sklearn");
	}

	/** /usr/bin/python3 able to import {@code modules} (comma-separated), which the Debian {@code packages} provide. */
	private static void requirePython(final String modules, final String packages) {
		String why = null;
		try {
			final Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import " + modules).redirectErrorStream(true).start();
			final String out = new String(p.getInputStream().readAllBytes()).trim();
			if (p.waitFor() != 0) why = "python3 cannot import " + modules + ": " + out.substring(out.lastIndexOf('\n') + 1);
		}
		catch (final Exception e) {
			why = "no /usr/bin/python3: " + e.getMessage();
		}
		if (why == null) return;
		if (skipAllowed()) Assumptions.abort(why);
		fail("this test needs Debian's " + packages + " (" + why + "); install them, or run with -Dtessera.skipDevices=true");
	}
}
