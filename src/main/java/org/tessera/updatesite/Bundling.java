package org.tessera.updatesite;

import java.util.Map;
import java.util.Set;

/**
 * Which of Tessera's runtime dependencies the update site carries: every one
 * that a Fiji installation lacks. The two lists below are the whole decision;
 * any groupId on neither list goes onto the site, so that a new dependency is
 * never silently missing there (review the site's {@code db.xml.gz} when a
 * dependency is added). Test- and provided-scoped dependencies (JUnit,
 * ArchUnit, Spark) never reach this point: the build hands over the runtime
 * class path only.
 */
public final class Bundling {

	private Bundling() {
	}

	/** What the update site does with a dependency. */
	public enum Decision {
		/** on the site, in {@code jars/} */
		BUNDLE,
		/** left out: Fiji ships it */
		FIJI_HAS_IT,
		/** left out: another update site provides it, see {@link #otherSite} */
		OTHER_UPDATE_SITE
	}

	/**
	 * groupIds that Fiji ships (a groupId here also covers its sub-groups, e.g.
	 * {@code org.scijava} covers {@code org.scijava.foo}). All are components of
	 * pom-scijava, the bill of materials that Fiji is built from; where Tessera
	 * pins another version, Fiji's is the one that runs in Fiji.
	 */
	static final Set<String> FIJI_HAS = Set.of( //
		"net.imagej", // ImageJ 1 (ij), ImageJ2
		"org.scijava", // SciJava Common, parsington, vecmath
		"net.imglib2", // ImgLib2, imglib2-algorithm
		"sc.fiji", // Fiji's own libraries
		"org.apache.groovy", // Groovy (scripting-groovy)
		"org.python", // Jython (Fiji: jython-slim, the same classes as jython-standalone)
		"org.yaml", // SnakeYAML
		"com.google.code.gson", // Gson
		"commons-io", "commons-codec", "org.apache.commons", // Apache Commons (IO, Codec, Lang3, Math3, Compress)
		"org.slf4j", // SLF4J with Fiji's own provider: slf4j-nop (Tessera's command line) must not go into Fiji
		"net.java.dev.jna"); // JNA

	/** groupIds that other update sites provide, and those sites: the user enables them (docs/install.md). */
	static final Map<String, String> OTHER_SITES = Map.of( //
		"net.haesleinhuepf", "clij, clij2", // CLIJ and CLIJ2
		"org.jocl", "clij"); // JOCL, which CLIJ is built on

	/** What the bundled libraries are for, for the descriptions in db.xml.gz (others get a plain one). */
	static final Map<String, String> PURPOSE = Map.of( //
		"ai.djl", "Deep Java Library (DJL), for StarDist and FastSAM", //
		"ai.djl.onnxruntime", "DJL's ONNX Runtime engine, for ONNX models (StarDist, FastSAM)", //
		"ai.djl.pytorch", "DJL's PyTorch engine and libtorch, for TorchScript models", //
		"com.microsoft.onnxruntime", "ONNX Runtime with its native libraries, for DJL's ONNX Runtime engine", //
		"com.github.wendykierp", "JTransforms, FFTs of any size for deconvolution on the CPU", //
		"org.visnow", "JLargeArrays, which JTransforms needs", //
		"io.airlift", "aircompressor: LZ4, Zstandard and Snappy for Zarr chunks");

	public static Decision decide(final String groupId) {
		if (in(FIJI_HAS, groupId)) return Decision.FIJI_HAS_IT;
		if (otherSite(groupId) != null) return Decision.OTHER_UPDATE_SITE;
		return Decision.BUNDLE;
	}

	/** The update sites that provide this groupId, or null. */
	public static String otherSite(final String groupId) {
		for (final Map.Entry<String, String> e : OTHER_SITES.entrySet())
			if (covers(e.getKey(), groupId)) return e.getValue();
		return null;
	}

	/** What a bundled library is for, or null if not known. */
	static String purpose(final String groupId) {
		String best = null;
		for (final String g : PURPOSE.keySet())
			if (covers(g, groupId) && (best == null || g.length() > best.length())) best = g; // the closest group
		return best == null ? null : PURPOSE.get(best);
	}

	private static boolean in(final Set<String> groups, final String groupId) {
		for (final String g : groups)
			if (covers(g, groupId)) return true;
		return false;
	}

	private static boolean covers(final String group, final String groupId) {
		return groupId.equals(group) || groupId.startsWith(group + ".");
	}

	/**
	 * Fiji's platform folder for a jar of native code, from the classifier at the
	 * end of its name ({@code -linux-x86_64} → {@code linux64}), or null for a jar
	 * for every platform. Fiji keeps such jars in {@code jars/<platform>/}, and
	 * its updater installs them on that platform only.
	 */
	static String platform(final String jarName) {
		final String base = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
		for (final Map.Entry<String, String> e : PLATFORMS.entrySet())
			if (base.endsWith("-" + e.getKey())) return e.getValue();
		return null;
	}

	/** Classifier → Fiji platform name (imagej-updater's Platforms). */
	private static final Map<String, String> PLATFORMS = Map.of( //
		"linux-x86_64", "linux64", //
		"linux-aarch64", "linux-arm64", //
		"osx-x86_64", "macos64", //
		"osx-aarch64", "macos-arm64", //
		"macosx-x86_64", "macos64", //
		"macosx-arm64", "macos-arm64", //
		"win-x86_64", "win64", //
		"windows-x86_64", "win64");
}
