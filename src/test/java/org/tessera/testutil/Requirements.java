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
}
