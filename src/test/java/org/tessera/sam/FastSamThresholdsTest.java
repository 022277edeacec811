package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A model's thresholds.json: its decoding defaults, and one-line errors naming the file and the field. */
class FastSamThresholdsTest {

	@Test
	void readsConfidenceIouAndMaxDetections() {
		final FastSamDecoder d = FastSamModel.parseDecoder("{\"conf\": 0.7, \"iou\": 0.3, \"max_det\": 1000}", "thresholds.json");
		assertEquals(0.7, d.confidence());
		assertEquals(0.3, d.iou());
		assertEquals(1000, d.maxDetections());
		assertEquals(FastSamDecoder.DEFAULT_MAX_DETECTIONS, FastSamModel.parseDecoder("{\"conf\": 0.5, \"iou\": 0.5}", "t.json").maxDetections());
	}

	@Test
	void badFilesAreOneLineErrors() {
		assertEquals("t.json: missing \"iou\"", assertThrows(IllegalArgumentException.class, () -> FastSamModel.parseDecoder("{\"conf\": 0.5}",
			"t.json")).getMessage());
		assertEquals("t.json: conf must be a number between 0 and 1, got 2", assertThrows(IllegalArgumentException.class, () -> FastSamModel
			.parseDecoder("{\"conf\": 2, \"iou\": 0.5}", "t.json")).getMessage());
		assertEquals("t.json: max_det must be a positive integer, got 0.5", assertThrows(IllegalArgumentException.class, () -> FastSamModel
			.parseDecoder("{\"conf\": 0.5, \"iou\": 0.5, \"max_det\": 0.5}", "t.json")).getMessage());
		assertEquals("t.json: expected a JSON object, got [1]", assertThrows(IllegalArgumentException.class, () -> FastSamModel.parseDecoder("[1]",
			"t.json")).getMessage());
	}
}
