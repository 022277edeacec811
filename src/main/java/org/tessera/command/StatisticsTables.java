package org.tessera.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Units;
import org.tessera.imagej.ImageFiles;
import org.tessera.segment.LabelStatistics;

import ij.measure.ResultsTable;

/**
 * Label-statistics tables ({@link LabelStatistics.Table}) as ImageJ results
 * tables, and their CSV files: the ImageJ side of {@code segment}'s
 * measurements. It lives here, above the library packages, and not in
 * {@code imagej}, which the library packages' file I/O ({@code chunk}) uses:
 * {@code imagej} using {@code segment} would make a dependency cycle.
 */
public final class StatisticsTables {

	private StatisticsTables() {
		// static utility
	}

	/**
	 * The table as an ImageJ results table (no row numbers). Columns of integers
	 * are shown without decimals, the others with ImageJ's most (9), in
	 * scientific notation when a value is too small or large for that, so CSV
	 * files keep the values.
	 */
	public static ResultsTable of(final LabelStatistics.Table table) {
		final ResultsTable rt = new ResultsTable(table.rows());
		rt.showRowNumbers(false);
		for (final String name : table.columnNames()) {
			final double[] v = table.column(name);
			if (v.length == 0) rt.getFreeColumn(name); // the header of an empty table
			else rt.setValues(name, v);
			rt.setDecimalPlaces(rt.getColumnIndex(name), decimals(v));
		}
		return rt;
	}

	/**
	 * The table as an ImageJ results table with a last column {@code image}
	 * naming the measured image on every row, as the label-statistics command
	 * gives it.
	 */
	public static ResultsTable of(final LabelStatistics.Table table, final String imageName) {
		final ResultsTable rt = of(table);
		for (int row = 0; row < rt.size(); row++) rt.setValue("image", row, imageName);
		return rt;
	}

	/**
	 * The table as the label-statistics command gives it: for an image with a
	 * physical unit, also the size ({@code area_um2} or {@code volume_um3}) and
	 * the centroid ({@code centroid_x_um}, ...) in that unit, beside the pixel
	 * columns; then {@code image}.
	 *
	 * @param image the measured image, whose spatial axes give the pixel size, origin and unit
	 */
	public static ResultsTable of(final LabelStatistics.Table table, final String imageName, final AxisImg<?> image) {
		final ResultsTable rt = of(table);
		final Axis x = image.axis(AxisType.X), y = image.axis(AxisType.Y), z = table.is3D() ? image.axis(AxisType.Z) : null;
		if (x != null && y != null && Units.physical(x.unit())) {
			final String u = Units.columnName(x.unit());
			final double[] size = Arrays.stream(table.sizes()).asDoubleStream().toArray();
			final double voxel = x.scale() * y.scale() * (z != null ? z.scale() : 1);
			final String sizeName = table.is3D() ? "volume_" + u + "3" : "area_" + u + "2";
			add(rt, sizeName, Arrays.stream(size).map(v -> v * voxel).toArray());
			final Axis[] axes = table.is3D() ? new Axis[] { x, y, z } : new Axis[] { x, y };
			for (int d = 0; d < axes.length; d++) {
				final Axis a = axes[d] != null ? axes[d] : Axis.of(AxisType.Z);
				add(rt, "centroid_" + "xyz".charAt(d) + "_" + u, Arrays.stream(table.centroid(d)).map(v -> a.origin() + v * a.scale()).toArray());
			}
		}
		for (int row = 0; row < rt.size(); row++) rt.setValue("image", row, imageName);
		return rt;
	}

	/**
	 * The tables of every channel and time point ({@link LabelStatistics#measureEach})
	 * as one: each row starts with its {@code channel} and {@code frame} (1-based,
	 * where the image has those axes), then the columns of
	 * {@link #of(LabelStatistics.Table, String, AxisImg)}.
	 */
	public static ResultsTable of(final List<LabelStatistics.Part> parts, final String imageName, final AxisImg<?> image) {
		final ResultsTable all = new ResultsTable();
		all.showRowNumbers(false);
		for (final LabelStatistics.Part part : parts) {
			final ResultsTable rt = of(part.table(), imageName, image);
			final String[] headings = rt.getHeadings();
			for (int row = 0; row < rt.size(); row++) {
				all.incrementCounter();
				if (part.channel() > 0) all.addValue("channel", part.channel());
				if (part.frame() > 0) all.addValue("frame", part.frame());
				for (final String h : headings) {
					if (h.equals("image")) all.addValue(h, rt.getStringValue(h, row));
					else all.addValue(h, rt.getValue(h, row));
				}
			}
		}
		for (final String h : all.getHeadings())
			if (!h.equals("image")) all.setDecimalPlaces(all.getColumnIndex(h), decimals(all.getColumn(h)));
		return all;
	}

	private static void add(final ResultsTable rt, final String name, final double[] v) {
		if (v.length == 0) rt.getFreeColumn(name);
		else rt.setValues(name, v);
		rt.setDecimalPlaces(rt.getColumnIndex(name), decimals(v));
	}

	/** Decimal places for a column of values: 0 for integers, 9, or -9 (scientific, 10 digits) for tiny or huge values. */
	private static int decimals(final double[] v) {
		boolean integers = true, scientific = false;
		for (final double x : v) {
			final double a = Math.abs(x);
			if (x != Math.rint(x) || a >= 1e12) integers = false;
			if (a != 0 && (a < 1e-3 || a >= 1e9)) scientific = true;
		}
		return integers ? 0 : scientific ? -9 : 9;
	}

	/** Writes the table as CSV (header line, then one line per label), atomically. */
	public static void writeCsv(final LabelStatistics.Table table, final Path path) throws IOException {
		ImageFiles.writeCsv(of(table), path);
	}

	/** Writes the table as CSV with the {@code image} column, as the label-statistics command does. */
	public static void writeCsv(final LabelStatistics.Table table, final Path path, final String imageName) throws IOException {
		ImageFiles.writeCsv(of(table, imageName), path);
	}

	/** Writes the table as the label-statistics command gives it, with calibrated columns for a calibrated image. */
	public static void writeCsv(final LabelStatistics.Table table, final Path path, final String imageName, final AxisImg<?> image)
		throws IOException
	{
		ImageFiles.writeCsv(of(table, imageName, image), path);
	}
}
