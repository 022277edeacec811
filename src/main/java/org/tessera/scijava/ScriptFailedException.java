package org.tessera.scijava;

/** A script threw an exception (SciJava only logs those; {@link CommandRunner} turns them into this). */
public class ScriptFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ScriptFailedException(final String script, final Throwable cause) {
		super(script + " failed: " + lastLine(cause), cause);
	}

	/** The most telling line of a script error: the last non-blank line of its message (Python puts the error there). */
	private static String lastLine(final Throwable t) {
		final String m = t.getMessage() == null ? t.toString() : t.getMessage();
		final String[] lines = m.strip().split("\\R");
		for (int i = lines.length - 1; i >= 0; i--)
			if (!lines[i].isBlank()) return lines[i].strip();
		return t.toString();
	}
}
