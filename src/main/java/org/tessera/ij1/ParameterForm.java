package org.tessera.ij1;

import java.util.ArrayList;
import java.util.List;

import ij.Macro;
import ij.gui.GenericDialog;

/**
 * Where the menu shim gets parameter values from: ImageJ's GenericDialog (which
 * also reads macro options and records the macro line), or, in a headless JVM
 * where no dialog can exist, the macro options alone. Keys are the parameter
 * names, so a recorded line reads {@code run("…", "sigma=2 device=CPU")}.
 */
public interface ParameterForm {

	void addText(String key, String value);

	void addNumber(String key, double value, int decimals);

	void addChoice(String key, String[] choices, String value);

	void addCheckbox(String key, boolean value);

	void addFile(String key, String value, boolean directory);

	void addHelp(String html);

	/** Shows the form; false if the user cancelled. */
	boolean show();

	String nextText();

	double nextNumber();

	String nextChoice();

	/**
	 * The position of the next choice in its list when a person chose it in a
	 * dialog (so that two entries with the same text stay apart), or -1 when the
	 * choice comes as text (macro options): then {@link #nextChoice} reads it.
	 */
	default int nextChoiceIndex() {
		return -1;
	}

	/** Selects the entry at {@code index} of the choice added last (for lists with repeated entries). */
	default void selectLastChoice(final int index) {
		// macro options: nothing to show
	}

	boolean nextBoolean();

	/** A form for this JVM: a dialog where there is a display, else macro options. */
	static ParameterForm create(final String title) {
		final String options = Macro.getOptions();
		if (options != null && java.awt.GraphicsEnvironment.isHeadless()) return new MacroForm(options);
		return new DialogForm(title);
	}

	/** ImageJ's GenericDialog; in macros it reads the options instead of showing itself, and it feeds the recorder. */
	final class DialogForm implements ParameterForm {

		private final GenericDialog gd;
		private final List<String> checkboxes = new ArrayList<>();
		private int nextCheckbox;

		DialogForm(final String title) {
			gd = new GenericDialog(title);
		}

		@Override
		public void addText(final String key, final String value) {
			gd.addStringField(key, value, Math.max(12, value.length() + 2));
		}

		@Override
		public void addNumber(final String key, final double value, final int decimals) {
			gd.addNumericField(key, value, decimals);
		}

		@Override
		public void addChoice(final String key, final String[] choices, final String value) {
			gd.addChoice(key, choices, value);
		}

		@Override
		public void addCheckbox(final String key, final boolean value) {
			checkboxes.add(key);
			gd.addCheckbox(key, value);
		}

		@Override
		public void addFile(final String key, final String value, final boolean directory) {
			if (directory) gd.addDirectoryField(key, value);
			else gd.addFileField(key, value);
		}

		@Override
		public void addHelp(final String html) {
			gd.addHelp(html);
		}

		@Override
		public boolean show() {
			gd.showDialog();
			return !gd.wasCanceled();
		}

		@Override
		public String nextText() {
			return gd.getNextString();
		}

		@Override
		public double nextNumber() {
			return gd.getNextNumber();
		}

		@Override
		public String nextChoice() {
			return gd.getNextChoice();
		}

		@Override
		public int nextChoiceIndex() {
			return Macro.getOptions() != null ? -1 : gd.getNextChoiceIndex();
		}

		@Override
		public void selectLastChoice(final int index) {
			final java.util.Vector<?> choices = gd.getChoices();
			if (choices != null && !choices.isEmpty() && choices.lastElement() instanceof java.awt.Choice c && index >= 0 && index < c
				.getItemCount()) c.select(index);
		}

		@Override
		public boolean nextBoolean() {
			final String key = checkboxes.get(nextCheckbox++);
			final boolean state = gd.getNextBoolean();
			// ImageJ's dialog takes a checkbox as on when a macro names its key alone, and reads "key=true" as off;
			// accept key=true / key=false too, as MacroForm and the command line do.
			final String options = Macro.getOptions();
			final String v = options == null ? null : Macro.getValue(options, key, null);
			return v != null ? Boolean.parseBoolean(v) : state;
		}
	}

	/** Macro options without a dialog, for headless JVMs; missing keys keep their defaults. */
	final class MacroForm implements ParameterForm {

		private final String options;
		private final List<String> keys = new ArrayList<>();
		private final List<String> defaults = new ArrayList<>();
		private int next;

		MacroForm(final String options) {
			this.options = options;
		}

		private void add(final String key, final String value) {
			keys.add(key);
			defaults.add(value);
		}

		private String value() {
			final int i = next++;
			return Macro.getValue(options, keys.get(i), defaults.get(i));
		}

		@Override
		public void addText(final String key, final String value) {
			add(key, value);
		}

		@Override
		public void addNumber(final String key, final double value, final int decimals) {
			add(key, Double.toString(value));
		}

		@Override
		public void addChoice(final String key, final String[] choices, final String value) {
			add(key, value);
		}

		@Override
		public void addCheckbox(final String key, final boolean value) {
			add(key, Boolean.toString(value));
		}

		@Override
		public void addFile(final String key, final String value, final boolean directory) {
			add(key, value);
		}

		@Override
		public void addHelp(final String html) {
			// no dialog, no help
		}

		@Override
		public boolean show() {
			return true;
		}

		@Override
		public String nextText() {
			return value();
		}

		@Override
		public double nextNumber() {
			final int i = next;
			final String v = value();
			try {
				return Double.parseDouble(v);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("parameter '" + keys.get(i) + "' expects a number, got '" + v + "'");
			}
		}

		@Override
		public String nextChoice() {
			return value();
		}

		@Override
		public boolean nextBoolean() {
			// As in ImageJ: a checkbox is on when its key appears alone ("invert") or as key=true, off when absent.
			final String key = keys.get(next++);
			final String v = Macro.getValue(options, key, null);
			if (v != null) return Boolean.parseBoolean(v);
			return (" " + options + " ").contains(" " + key + " ");
		}
	}
}
