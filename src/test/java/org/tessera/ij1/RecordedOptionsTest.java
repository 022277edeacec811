package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ij.plugin.frame.Recorder;

/** The recorded line leaves out the fields left empty ({@code model_file=[]} or {@code model_file=}) and keeps every other key as ImageJ wrote it. */
class RecordedOptionsTest {

	@Test
	void emptyKeysAreLeftOutOfTheRecordedLine() {
		final boolean was = Recorder.record;
		try {
			Recorder.record = true;
			Recorder.resetCommandOptions();
			Recorder.recordOption("model", "Versatile (fluorescent nuclei)");
			Recorder.recordOption("model_file", "");
			Recorder.recordOption("prob_thresh", "");
			Recorder.recordOption("tiles", "auto");
			Recorder.recordOption("rois", "[]");
			Recorder.recordOption("roi_manager");
			assertEquals("model=[Versatile (fluorescent nuclei)] model_file= prob_thresh= tiles=auto rois=[] roi_manager", Recorder
				.getCommandOptions());
			TesseraPlugIn.dropEmptyRecordedKeys();
			assertEquals("model=[Versatile (fluorescent nuclei)] tiles=auto roi_manager", Recorder.getCommandOptions());
			Recorder.resetCommandOptions();
			Recorder.recordOption("model_file", "");
			TesseraPlugIn.dropEmptyRecordedKeys();
			assertEquals(null, Recorder.getCommandOptions());
		}
		finally {
			Recorder.resetCommandOptions();
			Recorder.record = was;
		}
	}
}
