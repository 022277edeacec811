package org.tessera.command;

import java.io.IOException;
import java.nio.file.Path;

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
}
