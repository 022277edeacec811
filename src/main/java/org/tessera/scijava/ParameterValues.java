package org.tessera.scijava;

import java.io.File;
import java.util.List;
import java.util.Locale;

import org.scijava.module.ModuleItem;

/**
 * Turns the text a user typed for a parameter (a macro option, a command-line
 * {@code key=value}) into the parameter's value, with one-line errors that name
 * the parameter and say what was expected.
 */
public final class ParameterValues {

	private ParameterValues() {
		// static utility
	}

	/** Whether the parameter takes text, a number, a boolean or a file (not an image or table). */
	public static boolean isSimple(final ModuleItem<?> item) {
		final Class<?> t = box(item.getType());
		return t == String.class || Number.class.isAssignableFrom(t) || t == Boolean.class || t == File.class || t == Character.class;
	}

	/**
	 * Parses and checks a value. Text with choices must be one of them (in any
	 * case), unless the item has the style {@link TesseraCommands#OPEN_CHOICES}
	 * (then any text goes, and empty text when the item is optional).
	 *
	 * @throws IllegalArgumentException with a message such as
	 *           {@code parameter 'sigma' expects a number, got 'abc'}
	 */
	public static Object parse(final ModuleItem<?> item, final String text) {
		final String name = item.getName();
		final Class<?> type = box(item.getType());
		final String s = text.trim();
		if (type == String.class) {
			final List<?> choices = item.getChoices();
			if (choices != null && !choices.isEmpty()) {
				for (final Object c : choices)
					if (c.toString().equalsIgnoreCase(s)) return c.toString();
				// an open choice takes other values too; left empty, an optional one means its command's default
				if (TesseraCommands.hasStyle(item, TesseraCommands.OPEN_CHOICES) && (!s.isEmpty() || !item.isRequired())) return s;
				throw new IllegalArgumentException("parameter '" + name + "' must be one of " + join(choices) + ", got '" + text + "'");
			}
			return text;
		}
		if (type == File.class) return new File(s);
		if (type == Boolean.class) {
			final String l = s.toLowerCase(Locale.ROOT);
			if (l.equals("true") || l.equals("yes") || l.equals("1")) return Boolean.TRUE;
			if (l.equals("false") || l.equals("no") || l.equals("0")) return Boolean.FALSE;
			throw new IllegalArgumentException("parameter '" + name + "' expects true or false, got '" + text + "'");
		}
		if (type == Character.class) {
			if (s.length() != 1) throw new IllegalArgumentException("parameter '" + name + "' expects one character, got '" + text + "'");
			return s.charAt(0);
		}
		if (Number.class.isAssignableFrom(type)) {
			final Number n = parseNumber(name, type, s, text);
			checkRange(item, n);
			return n;
		}
		throw new IllegalArgumentException("parameter '" + name + "' of type " + item.getType().getSimpleName() +
			" cannot be given as text");
	}

	private static Number parseNumber(final String name, final Class<?> type, final String s, final String text) {
		try {
			if (type == Integer.class) return Integer.valueOf(s);
			if (type == Long.class) return Long.valueOf(s);
			if (type == Short.class) return Short.valueOf(s);
			if (type == Byte.class) return Byte.valueOf(s);
			if (type == Float.class) return Float.valueOf(s);
			return Double.valueOf(s);
		}
		catch (final NumberFormatException e) {
			final boolean integral = type == Integer.class || type == Long.class || type == Short.class || type == Byte.class;
			throw new IllegalArgumentException("parameter '" + name + "' expects " + (integral ? "a whole number" : "a number") + ", got '" +
				text + "'");
		}
	}

	private static void checkRange(final ModuleItem<?> item, final Number n) {
		final Object min = item.getMinimumValue(), max = item.getMaximumValue();
		final double v = n.doubleValue();
		if (Double.isNaN(v)) throw new IllegalArgumentException("parameter '" + item.getName() + "' must be a number, got NaN");
		if (min instanceof Number m && v < m.doubleValue())
			throw new IllegalArgumentException("parameter '" + item.getName() + "' must be >= " + m + ", got " + n);
		if (max instanceof Number m && v > m.doubleValue())
			throw new IllegalArgumentException("parameter '" + item.getName() + "' must be <= " + m + ", got " + n);
	}

	private static String join(final List<?> choices) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < choices.size(); i++) sb.append(i == 0 ? "" : ", ").append(choices.get(i));
		return sb.toString();
	}

	/** The boxed type for primitives. */
	public static Class<?> box(final Class<?> t) {
		if (!t.isPrimitive()) return t;
		if (t == int.class) return Integer.class;
		if (t == long.class) return Long.class;
		if (t == double.class) return Double.class;
		if (t == float.class) return Float.class;
		if (t == boolean.class) return Boolean.class;
		if (t == short.class) return Short.class;
		if (t == byte.class) return Byte.class;
		if (t == char.class) return Character.class;
		return t;
	}
}
