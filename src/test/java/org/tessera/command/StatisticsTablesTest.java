package org.tessera.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;
import org.tessera.segment.LabelStatistics;

import ij.measure.ResultsTable;

/** Label-statistics tables as ImageJ results tables: integers without decimals, the rest with nine; the header of an empty table. */
class StatisticsTablesTest {

	@Test
	void resultsTableKeepsIntegersAndNineDecimals() {
		final int[] labels = { 1, 1, 1, 0, 3, 3 };
		final float[] v = { 1, 2, 2, 0, 1e6f, 4e6f };
		final ResultsTable rt = StatisticsTables.of(LabelStatistics.cpu().measure(v, labels, 3, 2, 1, TaskMonitor.NONE));
		assertEquals(2, rt.size());
		assertEquals("label,area,mean,min,max,sum,centroid_x,centroid_y,bbox_x0,bbox_y0,bbox_x1,bbox_y1", String.join(",", rt
			.getHeadings()));
		assertEquals("1", rt.getStringValue("label", 0));
		assertEquals("1.666666667", rt.getStringValue("mean", 0));
		assertEquals("5000000", rt.getStringValue("sum", 1));
		assertEquals(5e6 / 2, rt.getValue("mean", 1), 0.0);
	}

	@Test
	void noLabelsGiveAnEmptyTable() {
		final LabelStatistics.Table t = LabelStatistics.cpu().measure(new float[12], new int[12], 4, 3, 1, TaskMonitor.NONE);
		assertEquals(0, t.rows());
		final ResultsTable rt = StatisticsTables.of(t);
		assertEquals(0, rt.size());
		assertEquals("label,area,mean,min,max,sum,centroid_x,centroid_y,bbox_x0,bbox_y0,bbox_x1,bbox_y1", String.join(",", rt
			.getHeadings()), "the header stays");
	}
}
