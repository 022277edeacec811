package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Macro options without a dialog (headless JVMs), read as ImageJ reads them. */
class ParameterFormTest {

	@Test
	void macroOptionsFillTheFormAndMissingKeysKeepTheirDefaults() {
		final ParameterForm f = new ParameterForm.MacroForm("sigma=[2,2,1] count=7 invert device=CPU ");
		f.addText("sigma", "1");
		f.addNumber("count", 3, 0);
		f.addCheckbox("invert", false);
		f.addCheckbox("fast", true);
		f.addChoice("device", new String[] { "auto", "CPU" }, "auto");
		f.addText("boundary", "nearest");
		assertTrue(f.show());
		assertEquals("2,2,1", f.nextText());
		assertEquals(7, f.nextNumber());
		assertTrue(f.nextBoolean());
		assertFalse(f.nextBoolean(), "a checkbox absent from the options is off, as in ImageJ");
		assertEquals("CPU", f.nextChoice());
		assertEquals("nearest", f.nextText());
	}

	@Test
	void nonNumbersAreReportedWithTheKey() {
		final ParameterForm f = new ParameterForm.MacroForm("count=many");
		f.addNumber("count", 3, 0);
		assertEquals("parameter 'count' expects a number, got 'many'", assertThrows(IllegalArgumentException.class, f::nextNumber)
			.getMessage());
	}
}
