package org.tessera.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of results without any user interface: rows of named numeric values,
 * the columns in the order they first appear. The ImageJ adapter turns it into a
 * results table ({@code imagej.ResultsTables}); scripts read it directly.
 */
public final class Table {

	private final Set<String> columns = new LinkedHashSet<>();
	private final List<Map<String, Double>> rows = new ArrayList<>();

	/** Starts a new row; the values added next go into it. */
	public Table addRow() {
		rows.add(new LinkedHashMap<>());
		return this;
	}

	/** Sets a value of the last row. */
	public Table add(final String column, final double value) {
		if (rows.isEmpty()) throw new IllegalStateException("add a row before its values");
		columns.add(column);
		rows.get(rows.size() - 1).put(column, value);
		return this;
	}

	/** Appends the rows of another table, with {@code first} values (e.g. an image's plane) put before each of its rows' own. */
	public Table addAll(final Table other, final Map<String, Double> first) {
		for (final Map<String, Double> row : other.rows) {
			addRow();
			for (final Map.Entry<String, Double> e : first.entrySet()) add(e.getKey(), e.getValue());
			for (final Map.Entry<String, Double> e : row.entrySet()) add(e.getKey(), e.getValue());
		}
		return this;
	}

	/** The columns, in the order they first appeared. */
	public List<String> columns() {
		return List.copyOf(columns);
	}

	/** How many rows. */
	public int size() {
		return rows.size();
	}

	/** The rows, each a column-to-value map in the order its values were added. */
	public List<Map<String, Double>> rows() {
		return Collections.unmodifiableList(rows);
	}

	/** A value, or NaN where the row has none in that column. */
	public double value(final String column, final int row) {
		if (!columns.contains(column)) throw new IllegalArgumentException("no column '" + column + "'; columns: " + columns);
		return rows.get(row).getOrDefault(column, Double.NaN);
	}
}
