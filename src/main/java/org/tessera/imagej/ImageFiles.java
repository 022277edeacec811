package org.tessera.imagej;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.tessera.core.AtomicFiles;
import org.tessera.core.IoFaults;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.measure.ResultsTable;

/**
 * Reading and writing images and tables, with one-line errors that name the
 * file and atomic writes: a file is written next to its destination under a
 * temporary name and renamed when complete, so a crash never leaves a
 * half-written output under the final name.
 */
public final class ImageFiles {

	private ImageFiles() {
		// static utility
	}

	/**
	 * Opens an image file (TIFF, or any other format ImageJ 1.x reads).
	 *
	 * @param what the parameter name, for messages
	 * @throws IllegalArgumentException if the file is missing, unreadable or not an image
	 */
	public static ImagePlus read(final Path path, final String what) {
		if (!Files.exists(path)) throw new IllegalArgumentException(what + ": file not found: " + path);
		if (Files.isDirectory(path)) throw new IllegalArgumentException(what + ": " + path + " is a folder; expected an image file");
		if (!Files.isReadable(path)) throw new IllegalArgumentException(what + ": file is not readable: " + path);
		final File f = path.toAbsolutePath().toFile();
		final String name = f.getName().toLowerCase(Locale.ROOT);
		final boolean tiff = name.endsWith(".tif") || name.endsWith(".tiff");
		final ij.io.FileInfo[] infos = tiff ? tiffInfo(path, what) : null;
		if (tiff) requireComplete(path, infos, what);
		final ImagePlus imp;
		try {
			imp = tiff ? new Opener().openTiff(f.getParent() + File.separator, f.getName()) : new Opener().openImage(f.getPath());
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(what + ": cannot read " + path + " as an image (" + e.getMessage() + ")", e);
		}
		if (imp == null && tiff) {
			// BigTIFF, tiled or LZW/PackBits-compressed TIFFs, which ImageJ's reader cannot open
			return TiffDecoder.read(path, what);
		}
		if (imp == null) throw new IllegalArgumentException(what + ": cannot read " + path + " as an image; expected a TIFF file");
		if (tiff && infos != null && infos.length > 0) OmeTiff.apply(imp, infos[0].description, what + ": " + path);
		return imp;
	}

	/**
	 * Checks that a TIFF file holds all the image data its header describes: ImageJ reads
	 * the missing part of a truncated file (a partial copy or download) as zeros, which
	 * would give a wrong result without a word.
	 *
	 * @throws IllegalArgumentException naming the file and how much is missing
	 */
	public static void requireComplete(final Path path, final String what) {
		requireComplete(path, tiffInfo(path, what), what);
	}

	/** A TIFF's pages as ImageJ's reader sees them (null where it cannot parse the header). */
	private static ij.io.FileInfo[] tiffInfo(final Path path, final String what) {
		try {
			return new Opener().getTiffFileInfo(path.toAbsolutePath().toString());
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException(what + ": cannot read " + path + " as a TIFF file (" + e.getMessage() + ")", e);
		}
	}

	/** {@link #requireComplete} with the pages already read. */
	private static void requireComplete(final Path path, final ij.io.FileInfo[] infos, final String what) {
		final long size;
		try {
			size = Files.size(path);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(what + ": cannot read " + path + " as a TIFF file (" + e.getMessage() + ")", e);
		}
		if (infos == null || infos.length == 0) return; // not a TIFF ImageJ understands: the reader will say so
		long needed = 0;
		for (final ij.io.FileInfo fi : infos) {
			if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0 && fi.compression > ij.io.FileInfo.COMPRESSION_NONE)
				for (int i = 0; i < Math.min(fi.stripOffsets.length, fi.stripLengths.length); i++)
					needed = Math.max(needed, fi.stripOffsets[i] + (long) fi.stripLengths[i]);
			else {
				final long images = Math.max(1, fi.nImages);
				final long plane = (long) fi.width * fi.height * fi.getBytesPerPixel();
				needed = Math.max(needed, fi.getOffset() + images * plane + (images - 1) * Math.max(0, fi.gapBetweenImages));
			}
		}
		if (needed > size) throw new IllegalArgumentException(what + ": " + path + " is truncated: its image data ends at byte " + needed +
			", but the file has " + size + " bytes (an incomplete copy or download?)");
	}

	/**
	 * The TIFF files a user means: all {@code .tif}/{@code .tiff} files in a folder,
	 * or the files matching a glob such as {@code /data/run1/*.tif} (the pattern
	 * may only use wildcards in its last part), sorted by name.
	 *
	 * @throws IllegalArgumentException if the folder does not exist or nothing matches
	 */
	public static List<Path> listTiffs(final String folderOrGlob) {
		final String s = folderOrGlob == null ? "" : folderOrGlob.trim();
		if (s.isEmpty()) throw new IllegalArgumentException("input: no folder or glob given");
		final Path asPath = Path.of(s);
		final Path dir;
		final PathMatcher matcher;
		if (Files.isDirectory(asPath)) {
			dir = asPath;
			matcher = p -> {
				final String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
				return n.endsWith(".tif") || n.endsWith(".tiff");
			};
		}
		else if (s.contains("*") || s.contains("?") || s.contains("[") || s.contains("{")) {
			final Path parent = asPath.getParent() == null ? Path.of(".") : asPath.getParent();
			if (parent.toString().matches(".*[*?\\[{].*"))
				throw new IllegalArgumentException("input: wildcards are only allowed in the file name part of '" + s + "'");
			if (!Files.isDirectory(parent)) throw new IllegalArgumentException("input: folder not found: " + parent);
			dir = parent;
			final PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + asPath.getFileName());
			matcher = p -> glob.matches(p.getFileName());
		}
		else throw new IllegalArgumentException("input: folder not found: " + s);
		final List<Path> files = new ArrayList<>();
		try (Stream<Path> list = Files.list(dir)) {
			list.filter(Files::isRegularFile).filter(matcher::matches).forEach(files::add);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("input: cannot list " + dir + ": " + e.getMessage());
		}
		if (files.isEmpty()) throw new IllegalArgumentException("input: no TIFF files in " + s);
		Collections.sort(files);
		return files;
	}

	/**
	 * Refuses an output that is one of the inputs: writing it would destroy the input
	 * (and, in a batch, the files still to be read).
	 *
	 * @throws IllegalArgumentException naming the parameter, the output and the input
	 */
	public static void refuseOverwrite(final Path output, final Path input, final String what) {
		if (same(output, input)) throw new IllegalArgumentException(what + ": " + output + " is the input " + input + "; writing it would " +
			"destroy the input, so write the result elsewhere");
	}

	/** Whether two paths name the same file (the same absolute, normalised path, or the same existing file through links). */
	public static boolean same(final Path a, final Path b) {
		if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
		try {
			return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
		}
		catch (final IOException e) {
			return false;
		}
	}

	/**
	 * Checks, before any work is done, that an output can be written there.
	 *
	 * @throws IllegalArgumentException naming the parameter and the problem
	 */
	public static void checkWritable(final Path path, final String what) {
		if (Files.isDirectory(path)) throw new IllegalArgumentException(what + ": " + path + " is a folder; expected a file name");
		final Path parent = path.toAbsolutePath().getParent();
		if (parent != null && Files.exists(parent) && !Files.isDirectory(parent))
			throw new IllegalArgumentException(what + ": " + parent + " is not a folder");
		if (parent != null && Files.isDirectory(parent) && !Files.isWritable(parent))
			throw new IllegalArgumentException(what + ": folder " + parent + " is not writable");
		if (Files.exists(path) && !Files.isWritable(path)) throw new IllegalArgumentException(what + ": " + path + " exists and is not writable");
	}

	/** Writes an image as TIFF (ImageJ hyperstack TIFF for stacks), atomically. */
	public static void writeTiff(final ImagePlus imp, final Path path) throws IOException {
		// ImageJ's writer tells a full disk in lines of its own and then only that it failed: check the room first
		IoFaults.requireSpace(path, (long) imp.getSizeInBytes() + 65536);
		writeAtomically(path, ".tif", tmp -> {
			if (!new FileSaver(imp).saveAsTiff(tmp.toString())) {
				IoFaults.requireSpace(path, (long) imp.getSizeInBytes() + 65536);
				throw new IOException(path + ": ImageJ could not write the TIFF file");
			}
		});
	}

	/** Writes a results table as CSV, atomically. */
	public static void writeCsv(final ResultsTable table, final Path path) throws IOException {
		writeAtomically(path, ".csv", tmp -> {
			if (!table.save(tmp.toString())) throw new IOException("ImageJ could not write " + tmp);
		});
	}

	/** Writes something to a file through a temporary file in the same folder and a rename. */
	public interface Writer {
		void write(Path tmp) throws IOException;
	}

	/**
	 * Calls {@code writer} on a temporary file next to {@code path} (same folder,
	 * same extension) and renames it to {@code path} when it has finished, as
	 * {@link AtomicFiles#write} does. The folder is created if needed. On failure
	 * the temporary file is removed and an existing {@code path} is left as it was.
	 */
	public static void writeAtomically(final Path path, final String extension, final Writer writer) throws IOException {
		AtomicFiles.write(path, extension, writer::write);
	}
}
