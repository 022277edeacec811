package org.tessera.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.updatesite.UpdateSite.Artifact;
import org.tessera.updatesite.UpdateSite.SiteFile;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The Fiji update site: checksums as Fiji's updater computes them, an index
 * that lists every file once where the updater downloads it from, the
 * dependencies that Fiji lacks and nothing that it has, and a plugins folder
 * from which ImageJ 1 runs Tessera's commands with these jars.
 * <p>
 * The site of the real dependencies is built from target/classes and the
 * runtime class path that the build writes before the tests
 * (target/runtime-classpath.txt), so these tests need no {@code mvn package}.
 */
class UpdateSiteTest {

	@TempDir
	Path tmp;

	private static final Path TARGET = Path.of("target").toAbsolutePath();

	// -- 1. checksums --

	/**
	 * The updater's jar checksum from its description, written apart from
	 * JarChecksum: entries through JarFile's stream, sorted by name, each its
	 * name in ASCII and its content; the manifest by its name only; a .properties
	 * file line by line, a comment line ('#' first) as its line break only, but
	 * taken as it is right after an empty line or a line of only '#'s (the
	 * updater's SkipHashedLines then does not see a line start).
	 */
	static String independentChecksum(final Path jar) throws IOException {
		final MessageDigest md = sha1();
		try (JarFile j = new JarFile(jar.toFile())) {
			for (final JarEntry e : j.stream().sorted((a, b) -> a.getName().compareTo(b.getName())).toList()) {
				md.update(e.getName().getBytes(StandardCharsets.US_ASCII));
				if (e.getName().equals("META-INF/MANIFEST.MF")) continue;
				try (InputStream in = j.getInputStream(e); OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
					if (e.getName().endsWith(".properties")) out.write(propertiesAsChecksummed(in.readAllBytes()));
					else in.transferTo(out);
				}
			}
		}
		return String.format("%040x", new BigInteger(1, md.digest()));
	}

	static byte[] propertiesAsChecksummed(final byte[] bytes) {
		final String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte
		final StringBuilder kept = new StringBuilder();
		boolean asIs = false;
		for (final String line : text.split("(?<=\n)")) {
			if (line.isEmpty()) continue;
			if (asIs) {
				kept.append(line);
				asIs = false;
			}
			else if (line.startsWith("#")) {
				if (line.endsWith("\n")) kept.append('\n');
				asIs = line.matches("#+\n");
			}
			else {
				kept.append(line);
				asIs = line.equals("\n");
			}
		}
		return kept.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A jar with entries in no particular order, a pom.properties with a date comment and a manifest with build attributes. */
	private static Path smallJar(final Path file, final String dateComment, final String manifestExtra, final byte classByte,
		final String groupId) throws IOException
	{
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("plugins.config", "Plugins, \"Small\", small.Small_\n".getBytes(StandardCharsets.UTF_8));
		entries.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\nMain-Class: small.Main\nCreated-By: Maven JAR Plugin\n" + manifestExtra +
			"\n").getBytes(StandardCharsets.UTF_8));
		entries.put("small/", new byte[0]);
		entries.put("small/Small_.class", new byte[] { (byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, classByte, 1, 2, 3 });
		entries.put("META-INF/maven/small/Small_/pom.properties", ("#Generated by Maven\n" + dateComment + "\ngroupId=" + groupId +
			"\nartifactId=Small_\n\n#kept: after an empty line\n").getBytes(StandardCharsets.ISO_8859_1));
		entries.put("a.txt", "# not a .properties file: counts in full\n".getBytes(StandardCharsets.UTF_8));
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
		return file;
	}

	@Test
	void checksumsAreTheUpdatersAndIgnoreWhatItIgnores() throws Exception {
		final Path jar = smallJar(tmp.resolve("Small_-1.0.jar"), "#Thu Dec 03 12:00:00 UTC 2026", "Built-By: someone\n", (byte) 7, "small");
		final String sum = JarChecksum.of(jar);
		assertEquals(independentChecksum(jar), sum);
		assertTrue(sum.matches("[0-9a-f]{40}"), sum);

		// the site's index has it
		final Path site = tmp.resolve("site");
		final List<SiteFile> files = UpdateSite.build(site, jar, List.of(), "a small plugin");
		assertEquals(1, files.size());
		final Element version = (Element) index(site).getElementsByTagName("version").item(0);
		assertEquals(sum, version.getAttribute("checksum"));
		assertEquals("plugins/Small_-1.0.jar", ((Element) version.getParentNode()).getAttribute("filename"));

		// what the updater ignores: the date comment, the manifest (Main-Class, Built-By, Implementation-Build, ...)
		assertEquals(sum, JarChecksum.of(smallJar(tmp.resolve("b.jar"), "#Fri Dec 04 09:30:00 UTC 2026", "Built-By: someone\n", (byte) 7,
			"small")));
		assertEquals(sum, JarChecksum.of(smallJar(tmp.resolve("c.jar"), "#Thu Dec 03 12:00:00 UTC 2026",
			"Built-By: another\nImplementation-Build: 0123abc\nMain-Class: other.Main\n", (byte) 7, "small")));
		// what counts: a class's bytes, a property
		final Path otherClass = smallJar(tmp.resolve("d.jar"), "#Thu Dec 03 12:00:00 UTC 2026", "Built-By: someone\n", (byte) 8, "small");
		assertNotEquals(sum, JarChecksum.of(otherClass));
		assertEquals(independentChecksum(otherClass), JarChecksum.of(otherClass));
		final Path otherProperty = smallJar(tmp.resolve("e.jar"), "#Thu Dec 03 12:00:00 UTC 2026", "Built-By: someone\n", (byte) 7, "large");
		assertNotEquals(sum, JarChecksum.of(otherProperty));
		assertEquals(independentChecksum(otherProperty), JarChecksum.of(otherProperty));
	}

	@Test
	void propertiesFilesCountAsTheUpdaterReadsThem() {
		final Random random = new Random(42);
		final byte[] alphabet = "#\n\r a=".getBytes(StandardCharsets.US_ASCII);
		for (int t = 0; t < 20000; t++) {
			final byte[] text = new byte[random.nextInt(16)];
			for (int i = 0; i < text.length; i++)
				text[i] = alphabet[random.nextInt(alphabet.length)];
			assertArrayEquals(propertiesAsChecksummed(text), JarChecksum.withoutComments(text), new String(text, StandardCharsets.US_ASCII));
		}
	}

	@Test
	void timestampsAreTheModificationTimesInLocalTime() {
		final long millis = 1_764_763_200_123L;
		assertEquals(Long.parseLong(new SimpleDateFormat("yyyyMMddHHmmss").format(new Date(millis))), JarChecksum.timestamp(millis));
	}

	// -- 2. the site of the real dependencies --

	/** The site of Tessera's runtime dependencies, with a plugin jar made from target/classes. */
	private record Site(Path folder, Path pluginJar, List<Artifact> runtime, List<SiteFile> files) {
	}

	private static Site site;

	/**
	 * Built once, into target/update-site-test, which is kept between runs: the
	 * large jars are then neither copied nor checksummed again.
	 */
	private static synchronized Site site() throws IOException, URISyntaxException {
		if (site == null) {
			final Path plugin = pluginJarFromClasses(Files.createDirectories(TARGET.resolve("update-site-test-input")).resolve(
				"Tessera_-0.0.0-test.jar"));
			final List<Artifact> runtime = UpdateSite.readClassPath(TARGET.resolve("runtime-classpath.txt"), localRepository());
			final Path folder = TARGET.resolve("update-site-test");
			site = new Site(folder, plugin, runtime, UpdateSite.build(folder, plugin, runtime, "Tessera (test build)"));
		}
		return site;
	}

	/** Tessera's plugin jar as the build makes it: target/classes without the CLIJ2 stand-ins (net/imagej, fiji). */
	private static Path pluginJarFromClasses(final Path jar) throws IOException {
		final Path classes = TARGET.resolve("classes");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
			for (final Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
				final String name = classes.relativize(p).toString().replace(File.separatorChar, '/');
				if (name.startsWith("net/imagej/") || name.startsWith("fiji/")) continue;
				zip.putNextEntry(new ZipEntry(name));
				Files.copy(p, zip);
				zip.closeEntry();
			}
		}
		return jar;
	}

	/** The local Maven repository: where SciJava Common's jar is, five levels up (org/scijava/scijava-common/version/jar). */
	private static Path localRepository() throws URISyntaxException {
		final Path jar = Path.of(org.scijava.Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		assertTrue(jar.getFileName().toString().startsWith("scijava-common-"), jar.toString());
		return jar.getParent().getParent().getParent().getParent().getParent();
	}

	/** db.xml.gz, parsed and validated against its DOCTYPE. */
	private static Document index(final Path site) throws Exception {
		final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setValidating(true);
		final DocumentBuilder builder = factory.newDocumentBuilder();
		builder.setErrorHandler(new ErrorHandler() {

			@Override
			public void warning(final SAXParseException e) {
			}

			@Override
			public void error(final SAXParseException e) throws SAXParseException {
				throw e;
			}

			@Override
			public void fatalError(final SAXParseException e) throws SAXParseException {
				throw e;
			}
		});
		try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve("db.xml.gz")))) {
			return builder.parse(in);
		}
	}

	/** The index's plugin elements by filename; each filename once. */
	private static Map<String, Element> plugins(final Document index) {
		assertEquals("pluginRecords", index.getDocumentElement().getTagName());
		final Map<String, Element> out = new TreeMap<>();
		final NodeList list = index.getElementsByTagName("plugin");
		for (int i = 0; i < list.getLength(); i++) {
			final Element e = (Element) list.item(i);
			assertNull(out.put(e.getAttribute("filename"), e), "listed twice: " + e.getAttribute("filename"));
		}
		return out;
	}

	private static Element version(final Element plugin) {
		final NodeList v = plugin.getElementsByTagName("version");
		assertEquals(1, v.getLength(), plugin.getAttribute("filename"));
		return (Element) v.item(0);
	}

	@Test
	void theIndexListsEveryFileOnceWhereTheUpdaterDownloadsIt() throws Exception {
		final Site s = site();
		final Map<String, Element> plugins = plugins(index(s.folder()));
		final TreeSet<String> listed = new TreeSet<>(), present = new TreeSet<>();
		for (final Element p : plugins.values())
			listed.add(p.getAttribute("filename") + "-" + version(p).getAttribute("timestamp"));
		try (Stream<Path> walk = Files.walk(s.folder())) {
			walk.filter(Files::isRegularFile).map(p -> s.folder().relativize(p).toString().replace(File.separatorChar, '/')).filter(n -> !n
				.equals("db.xml.gz")).forEach(present::add);
		}
		assertEquals(listed, present);
		for (final Element p : plugins.values()) {
			final Element v = version(p);
			final Path f = s.folder().resolve(p.getAttribute("filename") + "-" + v.getAttribute("timestamp"));
			assertEquals(Files.size(f), Long.parseLong(v.getAttribute("filesize")), f.toString());
			final FileTime modified = Files.getLastModifiedTime(f);
			assertEquals(new SimpleDateFormat("yyyyMMddHHmmss").format(new Date(modified.toMillis())), v.getAttribute("timestamp"), f.toString());
			assertEquals(independentChecksum(f), v.getAttribute("checksum"), f.toString());
			final NodeList d = v.getElementsByTagName("description");
			assertEquals(1, d.getLength());
			assertFalse(d.item(0).getTextContent().isBlank(), f.toString());
		}
	}

	/** groupIds of what Fiji ships or the clij/clij2 sites provide, as jar names. */
	private static final Pattern FIJI_OR_CLIJ = Pattern.compile(
		"(ij|imglib2.*|scijava-common|parsington|vecmath|clij.*|jocl|groovy.*|jython.*|snakeyaml|gson|commons-.*|slf4j-.*|jna.*|spark-.*)-\\d.*");

	@Test
	void tesseraNeedsTheBundledJarsAndNothingThatFijiHasIsBundled() throws Exception {
		final Site s = site();
		final Map<String, Element> plugins = plugins(index(s.folder()));
		final String tessera = "plugins/" + s.pluginJar().getFileName();
		assertTrue(plugins.containsKey(tessera), "Fiji keeps a jar with an underscore and a plugins.config in plugins/: " + plugins.keySet());
		for (final String f : plugins.keySet()) {
			final String name = f.substring(f.lastIndexOf('/') + 1);
			assertFalse(FIJI_OR_CLIJ.matcher(name).matches(), "Fiji (or the clij sites) has " + f);
		}
		for (final String needed : List.of("jars/api-", "jars/onnxruntime-engine-", "jars/onnxruntime-1", "jars/JTransforms-", "jars/aircompressor-"))
			assertTrue(plugins.keySet().stream().anyMatch(f -> f.startsWith(needed)), needed + " missing: " + plugins.keySet());
		final Element natives = plugins.entrySet().stream().filter(e -> e.getKey().contains("pytorch-native-cpu")).map(Map.Entry::getValue)
			.findFirst().orElseThrow();
		assertTrue(natives.getAttribute("filename").startsWith("jars/linux64/"), natives.getAttribute("filename"));
		assertEquals("linux64", natives.getElementsByTagName("platform").item(0).getTextContent());

		// every runtime dependency is on the site exactly when Bundling says so
		for (final Artifact a : s.runtime()) {
			final boolean onSite = plugins.keySet().stream().anyMatch(f -> f.endsWith("/" + a.file().getFileName()));
			assertEquals(Bundling.decide(a.groupId()) == Bundling.Decision.BUNDLE, onSite, a.coordinates());
		}

		// Tessera depends on each bundled jar for every platform, at its timestamp
		final NodeList deps = version(plugins.get(tessera)).getElementsByTagName("dependency");
		final TreeSet<String> dependsOn = new TreeSet<>();
		for (int i = 0; i < deps.getLength(); i++) {
			final Element d = (Element) deps.item(i);
			final Element target = plugins.get(d.getAttribute("filename"));
			assertNotNull(target, "dependency not in the index: " + d.getAttribute("filename"));
			assertEquals(version(target).getAttribute("timestamp"), d.getAttribute("timestamp"), d.getAttribute("filename"));
			dependsOn.add(d.getAttribute("filename"));
		}
		final TreeSet<String> bundled = new TreeSet<>();
		for (final Map.Entry<String, Element> e : plugins.entrySet())
			if (!e.getKey().equals(tessera) && e.getValue().getElementsByTagName("platform").getLength() == 0) bundled.add(e.getKey());
		assertEquals(bundled, dependsOn);
	}

	// -- 3. the jars in an ImageJ plugins folder --

	@Test
	void imageJRunsTesseraFromThePluginsFolderWithTheSitesJars() throws Exception {
		final Site s = site();
		final Path ij = tmp.resolve("ImageJ");
		for (final SiteFile f : s.files()) {
			final Path dest = ij.resolve(f.filename());
			Files.createDirectories(dest.getParent());
			Files.copy(s.folder().resolve(f.downloadName()), dest);
		}
		// the probe, alone: no other Tessera class may be on the class path
		final String probeClass = PluginsFolderProbe.class.getName().replace('.', '/') + ".class";
		final Path probe = tmp.resolve("probe");
		Files.createDirectories(probe.resolve(probeClass).getParent());
		try (InputStream in = PluginsFolderProbe.class.getClassLoader().getResourceAsStream(probeClass)) {
			Files.copy(in, probe.resolve(probeClass));
		}
		// what Fiji has: ImageJ 1, SciJava, ImgLib2, ..., CLIJ (clij/clij2 sites), imagej-common's and fiji-lib's classes
		// that CLIJ2 needs (here Tessera's stand-ins for them); Fiji's launcher puts jars/ on the class path
		final Path standIns = tmp.resolve("stand-ins");
		for (final String c : List.of("net/imagej/ImageJService.class", "fiji/util/gui/GenericDialogPlus.class")) {
			Files.createDirectories(standIns.resolve(c).getParent());
			Files.copy(TARGET.resolve("classes").resolve(c), standIns.resolve(c));
		}
		final List<String> classPath = new ArrayList<>(List.of(probe.toString(), standIns.toString()));
		for (final Artifact a : s.runtime())
			if (Bundling.decide(a.groupId()) != Bundling.Decision.BUNDLE) classPath.add(a.file().toString());
		classPath.add(ij.resolve("jars") + File.separator + "*");

		// a class of each bundled jar for every platform (a resource of a jar without classes), to be loaded through
		// ImageJ's class loader
		final Map<String, Path> classes = new TreeMap<>();
		try (Stream<Path> jars = Files.list(ij.resolve("jars"))) {
			for (final Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList())
				try (JarFile j = new JarFile(jar.toFile())) {
					final List<String> files = j.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName).filter(n -> !n.startsWith(
						"META-INF/") && !n.contains("module-info")).sorted().toList();
					final String c = files.stream().filter(n -> n.endsWith(".class") && !n.contains("$")).findFirst().orElse(null);
					classes.put(c != null ? "class " + c.substring(0, c.length() - 6).replace('/', '.') : "resource " + files.get(0), jar);
				}
		}
		assertFalse(classes.isEmpty());

		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Djava.awt.headless=true", "-Duser.home=" + tmp, "-Djava.util.prefs.userRoot=" + tmp.resolve("prefs"), "-Dplugins.dir=" + ij, "-cp",
			String.join(File.pathSeparator, classPath), PluginsFolderProbe.class.getName(), "Gaussian Blur (Tessera)", "sigma=1 device=CPU"));
		for (final String c : classes.keySet())
			cmd.add(c.startsWith("class ") ? c.substring(6) : "resource:" + c.substring(9));
		final Path log = tmp.resolve("probe.log");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
		final String out = Files.readString(log);
		assertEquals(0, p.exitValue(), out);

		assertTrue(out.contains("menu: Plugins>Tessera>Filters, \"Gaussian Blur (Tessera)\""), out);
		assertTrue(out.contains("class org.tessera.ij1.TesseraPlugIn from " + ij.resolve(tessera(s))), out);
		for (final Map.Entry<String, Path> c : classes.entrySet())
			assertTrue(out.contains(c.getKey() + " from " + c.getValue()), c.getKey() + ":\n" + out);
		final Matcher m = Pattern.compile("centre=(\\S+) neighbour=(\\S+)").matcher(out);
		assertTrue(m.find(), out);
		final double centre = Double.parseDouble(m.group(1)), neighbour = Double.parseDouble(m.group(2));
		// a unit impulse blurred with sigma 1: about 1/(2 pi) in the centre, e^-1/2 of that beside it
		assertEquals(1 / (2 * Math.PI), centre, 0.02, out);
		assertEquals(Math.exp(-0.5), neighbour / centre, 0.05, out);
	}

	private static String tessera(final Site s) {
		return "plugins/" + s.pluginJar().getFileName();
	}
}
