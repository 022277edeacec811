/*
 * Stand-in for imagej-common's ImageJService, for running CLIJ2 outside Fiji.
 *
 * CLIJ's CLIJMacroPluginService implements this interface. Fiji ships the real
 * one (imagej-common, not on Maven Central); the tests, the command-line tool
 * and the standalone launcher use this stand-in instead. It is packaged in the
 * "standalone" jar only and must never be inside the plugin jar.
 */
package net.imagej;

import org.scijava.service.SciJavaService;

/** Marker interface of ImageJ services, as in imagej-common. */
public interface ImageJService extends SciJavaService {
	// Marker only.
}
