package org.tessera.dl;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A bioimage.io resource description ({@code rdf.yaml}) read as plain maps and lists,
 * with accessors that fail with one line naming the file and the field's path
 * (for example {@code rdf.yaml: inputs[0].axes: missing}).
 */
public final class Rdf {

	private final Map<String, Object> root;
	private final String file;

	private Rdf(final Map<String, Object> root, final String file) {
		this.root = root;
		this.file = file;
	}

	/**
	 * Parses YAML text (plain data only: no tags that build objects).
	 *
	 * @param file names the file in messages
	 * @throws IllegalArgumentException with one line when the text is no YAML mapping
	 */
	@SuppressWarnings("unchecked")
	public static Rdf parse(final String yaml, final String file) {
		final Object o;
		try {
			o = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		}
		catch (final YAMLException e) {
			throw new IllegalArgumentException(file + ": not valid YAML (" + Network.oneLine(e) + ")");
		}
		if (!(o instanceof Map)) throw new IllegalArgumentException(file + ": expected a YAML mapping of fields, got " + (o == null ? "nothing"
			: o.getClass().getSimpleName()));
		return new Rdf((Map<String, Object>) o, file);
	}

	/** The top-level fields. */
	public Map<String, Object> root() {
		return root;
	}

	/** An error about a field: {@code file: path: problem}. */
	public IllegalArgumentException error(final String path, final String problem) {
		return new IllegalArgumentException(file + ": " + path + ": " + problem);
	}

	/** A required field of a mapping. */
	public Object get(final Map<?, ?> map, final String path, final String key) {
		final Object v = map.get(key);
		if (v == null) throw error(join(path, key), "missing");
		return v;
	}

	/** A required mapping field. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> map(final Map<?, ?> map, final String path, final String key) {
		final Object v = get(map, path, key);
		if (!(v instanceof Map)) throw error(join(path, key), "expected a mapping, got " + describe(v));
		return (Map<String, Object>) v;
	}

	/** A required list field. */
	public List<?> list(final Map<?, ?> map, final String path, final String key) {
		final Object v = get(map, path, key);
		if (!(v instanceof List)) throw error(join(path, key), "expected a list, got " + describe(v));
		return (List<?>) v;
	}

	/** A required text field (numbers are given as their text). */
	public String string(final Map<?, ?> map, final String path, final String key) {
		final Object v = get(map, path, key);
		if (v instanceof Map || v instanceof List) throw error(join(path, key), "expected text, got " + describe(v));
		return v.toString();
	}

	/** A required number field. */
	public double number(final Map<?, ?> map, final String path, final String key) {
		final Object v = get(map, path, key);
		if (v instanceof Number n) return n.doubleValue();
		try {
			return Double.parseDouble(v.toString());
		}
		catch (final NumberFormatException e) {
			throw error(join(path, key), "expected a number, got " + describe(v));
		}
	}

	/** A list element that must be a mapping. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> mapAt(final List<?> list, final String path, final int index) {
		final Object v = list.get(index);
		if (!(v instanceof Map)) throw error(path + "[" + index + "]", "expected a mapping, got " + describe(v));
		return (Map<String, Object>) v;
	}

	/** A field path: {@code parent.key}, or {@code key} at the top. */
	public static String join(final String path, final String key) {
		return path == null || path.isEmpty() ? key : path + "." + key;
	}

	private static String describe(final Object v) {
		final String s = String.valueOf(v);
		return (v instanceof Map ? "a mapping " : v instanceof List ? "a list " : "") + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
	}
}
