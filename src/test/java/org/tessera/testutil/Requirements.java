package org.tessera.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;

import org.junit.jupiter.api.Assumptions;
import org.tessera.gpu.OpenCL;

/**
 * Tests that need an OpenCL device or a display call these. They fail when the
 * machine lacks it (CI installs pocl and runs under Xvfb, so nothing is
 * silently skipped there); pass {@code -Dtessera.skipDevices=true} to skip them
 * instead on a machine without OpenCL or X.
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
		String why = null;
		try {
			final Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import zarr, numcodecs").redirectErrorStream(true).start();
			if (p.waitFor() != 0) why = "python3 cannot import zarr: " + new String(p.getInputStream().readAllBytes()).trim();
		}
		catch (final Exception e) {
			why = "no /usr/bin/python3: " + e.getMessage();
		}
		if (why == null) return;
		if (skipAllowed()) Assumptions.abort(why);
		fail("this test needs Debian's python3-zarr (" + why + "); install it, or run with -Dtessera.skipDevices=true");
	}
}
