package org.tessera.updatesite;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Builds a Fiji update site: a folder that Fiji's updater (imagej-updater) can
 * use as a local ({@code file:}) or hosted update site, with Tessera's plugin
 * jar and the runtime dependencies that Fiji lacks ({@link Bundling}).
 * <ul>
 * <li>{@code db.xml.gz}: the index in the updater's format, a
 * {@code pluginRecords} document with its DOCTYPE and one {@code plugin}
 * element per file: the file's place in Fiji ({@code plugins/...} or
 * {@code jars/...}), its platform if it has native code for one only, and its
 * current {@code version} (checksum, timestamp, size, description, and for the
 * plugin its {@code dependency} on each bundled jar);</li>
 * <li>each file at {@code <place>-<timestamp>}, where the updater downloads it
 * from (the site's URL, the place, '-', the timestamp).</li>
 * </ul>
 * Timestamps are the files' modification times ({@link JarChecksum#timestamp}),
 * as the updater takes them; apart from them the site is the same for the same
 * jars. The folder belongs to the build: what the site does not hold is removed
 * from it. Checksums of unchanged jars are kept in
 * {@code <folder>.checksums} beside it, so that a rebuild does not read the
 * large native jars again.
 * <p>
 * {@code mvn package} runs {@link #main} (exec-maven-plugin) after the plugin
 * jar is built.
 */
public final class UpdateSite {

	private UpdateSite() {
	}

	/** The index, where the updater looks for it. */
	public static final String INDEX = "db.xml.gz";

	/** A runtime dependency: its Maven coordinates and its jar. */
	public record Artifact(String groupId, String artifactId, String version, Path file) {

		/** The artifact of a jar in a local Maven repository: groupId folders/artifactId/version/file. */
		public static Artifact inRepository(final Path repository, final Path jar) {
			final Path rel = repository.toAbsolutePath().normalize().relativize(jar.toAbsolutePath().normalize());
			final int n = rel.getNameCount();
			if (n < 4 || rel.getName(0).toString().equals("..")) throw new IllegalArgumentException(jar +
				" is not in the local Maven repository " + repository);
			final StringBuilder group = new StringBuilder();
			for (int i = 0; i < n - 3; i++)
				group.append(i == 0 ? "" : ".").append(rel.getName(i));
			return new Artifact(group.toString(), rel.getName(n - 3).toString(), rel.getName(n - 2).toString(), jar);
		}

		/** groupId:artifactId:version, and :classifier if the jar has one. */
		public String coordinates() {
			final String name = file.getFileName().toString(), stem = artifactId + "-" + version;
			final String classifier = name.startsWith(stem + "-") && name.endsWith(".jar") ? name.substring(stem.length() + 1, name.length() -
				4) : null;
			return groupId + ":" + artifactId + ":" + version + (classifier == null ? "" : ":" + classifier);
		}
	}

	/**
	 * A file of the site: its place in Fiji (the updater's "filename", e.g.
	 * {@code jars/api-0.35.1.jar}) and its current version.
	 */
	public record SiteFile(String filename, Path source, long timestamp, String checksum, long filesize, String platform, String description,
		List<SiteFile> dependencies) {

		/** Where in the site the updater downloads it from. */
		public String downloadName() {
			return filename + "-" + timestamp;
		}
	}

	/**
	 * {@code UpdateSite <site folder> <plugin jar> <class path file> <local Maven repository> [<description>]}:
	 * the class path file lists the runtime dependencies' jars, separated by the
	 * platform's path separator, as {@code dependency:build-classpath} writes it;
	 * the description is the plugin's, for the updater's list.
	 */
	public static void main(final String[] args) throws IOException {
		if (args.length < 4 || args.length > 5) throw new IllegalArgumentException(
			"usage: UpdateSite <site folder> <plugin jar> <class path file> <local Maven repository> [<description>]");
		final Path repository = Path.of(args[3]);
		build(Path.of(args[0]), Path.of(args[1]), readClassPath(Path.of(args[2]), repository), args.length > 4 ? args[4] : "Tessera");
	}

	/** The jars of a class path file, as artifacts of the local repository. */
	public static List<Artifact> readClassPath(final Path classPathFile, final Path repository) throws IOException {
		final List<Artifact> out = new ArrayList<>();
		for (final String entry : Files.readString(classPathFile).trim().split(File.pathSeparator))
			if (entry.endsWith(".jar")) out.add(Artifact.inRepository(repository, Path.of(entry.trim())));
		return out;
	}

	/**
	 * Builds (or brings up to date) the site in {@code site} from the plugin jar
	 * and the runtime dependencies; its files, sorted by place.
	 */
	public static List<SiteFile> build(final Path site, final Path pluginJar, final List<Artifact> runtime, final String description)
		throws IOException
	{
		final Checksums checksums = Checksums.load(site.resolveSibling(site.getFileName() + ".checksums"));
		final List<SiteFile> bundled = new ArrayList<>(), everyPlatform = new ArrayList<>();
		for (final Artifact a : runtime) {
			if (Bundling.decide(a.groupId()) != Bundling.Decision.BUNDLE) continue;
			final String name = a.file().getFileName().toString(), platform = Bundling.platform(name);
			final String purpose = Bundling.purpose(a.groupId());
			final String text = (purpose == null ? "A library that Tessera uses" : purpose) + " (" + a.coordinates() + (platform == null ? ""
				: "; " + platform + " only") + ").";
			final SiteFile f = file("jars/" + (platform == null ? "" : platform + "/") + name, a.file(), platform, text, List.of(), checksums);
			bundled.add(f);
			// A native jar for one platform is installed there with the site anyway; as a dependency
			// it would ask the updater for a file it does not install on the others.
			if (platform == null) everyPlatform.add(f);
		}
		everyPlatform.sort(Comparator.comparing(SiteFile::filename));
		final String place = (isImageJ1Plugin(pluginJar) ? "plugins/" : "jars/") + pluginJar.getFileName();
		final List<SiteFile> files = new ArrayList<>(bundled);
		files.add(file(place, pluginJar, null, description, List.copyOf(everyPlatform), checksums));
		files.sort(Comparator.comparing(SiteFile::filename));
		for (int i = 1; i < files.size(); i++)
			if (files.get(i).filename().equals(files.get(i - 1).filename())) throw new IllegalStateException("two jars for " + files.get(i)
				.filename());
		sync(site, files);
		writeIndex(site.resolve(INDEX), files);
		checksums.save();
		return files;
	}

	private static SiteFile file(final String filename, final Path source, final String platform, final String description,
		final List<SiteFile> dependencies, final Checksums checksums) throws IOException
	{
		final long modified = Files.getLastModifiedTime(source).toMillis();
		return new SiteFile(filename, source, JarChecksum.timestamp(modified), checksums.of(source), Files.size(source), platform, description,
			dependencies);
	}

	/**
	 * An ImageJ 1 plugin, which Fiji keeps in {@code plugins/}: a jar with a
	 * {@code plugins.config} (the rule of scijava-maven-plugin, which installs
	 * jars into Fiji); other jars go to {@code jars/}.
	 */
	static boolean isImageJ1Plugin(final Path jar) throws IOException {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return jar.getFileName().toString().contains("_") && zip.getEntry("plugins.config") != null;
		}
	}

	/** Makes the folder hold exactly the site's files; files already there with the same size and time stay. */
	private static void sync(final Path site, final List<SiteFile> files) throws IOException {
		final Map<Path, SiteFile> wanted = new LinkedHashMap<>();
		for (final SiteFile f : files)
			wanted.put(site.resolve(f.downloadName()), f);
		if (Files.isDirectory(site)) {
			final List<Path> present;
			try (Stream<Path> walk = Files.walk(site)) {
				present = walk.sorted(Comparator.reverseOrder()).toList(); // a folder's files before the folder
			}
			for (final Path p : present) {
				if (p.equals(site)) continue;
				if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
					try (Stream<Path> in = Files.list(p)) {
						if (in.findAny().isEmpty()) Files.delete(p);
					}
					continue;
				}
				final SiteFile f = wanted.get(p);
				if (f == null || Files.size(p) != f.filesize() || !Files.getLastModifiedTime(p).equals(Files.getLastModifiedTime(f.source())))
					Files.delete(p);
			}
		}
		for (final Map.Entry<Path, SiteFile> e : wanted.entrySet()) {
			if (Files.exists(e.getKey())) continue;
			Files.createDirectories(e.getKey().getParent());
			// the copy keeps the modification time, which the timestamp in its name is
			Files.copy(e.getValue().source(), e.getKey(), StandardCopyOption.COPY_ATTRIBUTES);
		}
	}

	/** Writes db.xml.gz (through a temporary file, so that the site never has half an index). */
	static void writeIndex(final Path index, final List<SiteFile> files) throws IOException {
		final Path part = index.resolveSibling(index.getFileName() + ".part");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(part))) {
			writeXml(out, files);
		}
		Files.move(part, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * The updater's document type; an update site's index uses the
	 * {@code plugin} records only (a Fiji's own index also lists its sites).
	 */
	private static final String DOCTYPE = """
		<!DOCTYPE pluginRecords [
		<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>
		<!ELEMENT update-site EMPTY>
		<!ELEMENT disabled-update-site EMPTY>
		<!ELEMENT plugin (platform*, category*, version?, previous-version*)>
		<!ELEMENT version (description?, dependency*, link*, author*)>
		<!ELEMENT previous-version EMPTY>
		<!ELEMENT description (#PCDATA)>
		<!ELEMENT dependency EMPTY>
		<!ELEMENT link (#PCDATA)>
		<!ELEMENT author (#PCDATA)>
		<!ELEMENT platform (#PCDATA)>
		<!ELEMENT category (#PCDATA)>
		<!ATTLIST update-site name CDATA #REQUIRED url CDATA #REQUIRED ssh-host CDATA #IMPLIED upload-directory CDATA #IMPLIED
		  description CDATA #IMPLIED maintainer CDATA #IMPLIED timestamp CDATA #REQUIRED>
		<!ATTLIST disabled-update-site name CDATA #REQUIRED url CDATA #REQUIRED ssh-host CDATA #IMPLIED upload-directory CDATA #IMPLIED
		  description CDATA #IMPLIED maintainer CDATA #IMPLIED timestamp CDATA #REQUIRED>
		<!ATTLIST plugin update-site CDATA #IMPLIED filename CDATA #REQUIRED executable CDATA #IMPLIED>
		<!ATTLIST dependency filename CDATA #REQUIRED timestamp CDATA #IMPLIED overrides CDATA #IMPLIED>
		<!ATTLIST version timestamp CDATA #REQUIRED checksum CDATA #REQUIRED filesize CDATA #REQUIRED>
		<!ATTLIST previous-version filename CDATA #IMPLIED timestamp CDATA #REQUIRED timestamp-obsolete CDATA #IMPLIED
		  checksum CDATA #REQUIRED>]>
		""";

	static void writeXml(final OutputStream out, final List<SiteFile> files) throws IOException {
		try {
			final XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
			w.writeStartDocument("UTF-8", "1.0");
			w.writeDTD("\n" + DOCTYPE);
			w.writeStartElement("pluginRecords");
			for (final SiteFile f : files) {
				indent(w, 1);
				w.writeStartElement("plugin");
				w.writeAttribute("filename", f.filename());
				if (f.platform() != null) {
					indent(w, 2);
					w.writeStartElement("platform");
					w.writeCharacters(f.platform());
					w.writeEndElement();
				}
				indent(w, 2);
				w.writeStartElement("version");
				w.writeAttribute("checksum", f.checksum());
				w.writeAttribute("timestamp", Long.toString(f.timestamp()));
				w.writeAttribute("filesize", Long.toString(f.filesize()));
				indent(w, 3);
				w.writeStartElement("description");
				w.writeCharacters(f.description());
				w.writeEndElement();
				for (final SiteFile d : f.dependencies()) {
					indent(w, 3);
					w.writeEmptyElement("dependency");
					w.writeAttribute("filename", d.filename());
					w.writeAttribute("timestamp", Long.toString(d.timestamp()));
				}
				indent(w, 2);
				w.writeEndElement(); // version
				indent(w, 1);
				w.writeEndElement(); // plugin
			}
			indent(w, 0);
			w.writeEndElement(); // pluginRecords
			w.writeCharacters("\n");
			w.writeEndDocument();
			w.close();
		}
		catch (final XMLStreamException e) {
			throw new IOException(e);
		}
	}

	private static void indent(final XMLStreamWriter w, final int level) throws XMLStreamException {
		w.writeCharacters("\n" + "    ".repeat(level));
	}

	/** Checksums by file, size and modification time, kept between builds. */
	private static final class Checksums {

		private final Path file;
		private final Map<String, String> known = new HashMap<>(), used = new LinkedHashMap<>();

		private Checksums(final Path file) {
			this.file = file;
		}

		static Checksums load(final Path file) throws IOException {
			final Checksums c = new Checksums(file);
			if (Files.isRegularFile(file)) for (final String line : Files.readAllLines(file)) {
				final int tab = line.indexOf('\t');
				if (tab > 0) c.known.put(line.substring(tab + 1), line.substring(0, tab));
			}
			return c;
		}

		String of(final Path jar) throws IOException {
			final String key = Files.size(jar) + "\t" + Files.getLastModifiedTime(jar).toMillis() + "\t" + jar.toAbsolutePath().normalize();
			String sum = known.get(key);
			if (sum == null) sum = JarChecksum.of(jar);
			used.put(key, sum);
			return sum;
		}

		void save() throws IOException {
			final StringBuilder sb = new StringBuilder();
			used.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(e.getValue()).append('\t').append(e.getKey())
				.append('\n'));
			Files.writeString(file, sb);
		}
	}
}
