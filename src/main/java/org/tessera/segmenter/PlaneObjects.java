package org.tessera.segmenter;

import java.util.List;

import org.tessera.core.Table;

/**
 * What a segmenter found in one plane.
 *
 * @param labels the label image, {@code width * height} values row by row: 0
 *          background, objects 1..{@code count}
 * @param count the highest label
 * @param rows one row per object in the label image, as the model family
 *          measures it (label, area, score, ...)
 * @param outlines the objects' outlines where the family has them (else empty)
 * @param status one line saying what was found, or why nothing was
 */
public record PlaneObjects(int[] labels, int count, Table rows, List<Outline> outlines, String status) {

	public PlaneObjects {
		outlines = List.copyOf(outlines);
	}
}
