package org.tessera.imagej;

import java.util.Map;

import org.tessera.core.Table;

import ij.measure.ResultsTable;

/** Tessera's UI-free {@link Table}s as ImageJ results tables. */
public final class ResultsTables {

	private ResultsTables() {
		// static utility
	}

	/** A results table with the same rows, columns and values (ImageJ's default decimals). */
	public static ResultsTable of(final Table table) {
		final ResultsTable rt = new ResultsTable();
		for (final Map<String, Double> row : table.rows()) {
			rt.incrementCounter();
			for (final Map.Entry<String, Double> e : row.entrySet()) rt.addValue(e.getKey(), e.getValue());
		}
		if (table.size() == 0) for (final String c : table.columns()) rt.getFreeColumn(c);
		return rt;
	}
}
