package org.tessera.scijava;

import java.util.List;

import org.python.jsr223.PyScriptEngineFactory;
import org.scijava.Priority;
import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Python (Jython 2.7) for SciJava scripts ({@code #@} parameters, {@code .py}
 * files) outside Fiji. In Fiji, whose scripting-jython has a higher priority,
 * this one is not used.
 */
@Plugin(type = ScriptLanguage.class, name = "Python", priority = Priority.LOW)
public class PythonScriptLanguage extends AdaptedScriptLanguage {

	public PythonScriptLanguage() {
		super(new PyScriptEngineFactory());
	}

	@Override
	public String getLanguageName() {
		return "Python";
	}

	@Override
	public List<String> getNames() {
		return List.of("python", "jython", "py");
	}

	@Override
	public List<String> getExtensions() {
		return List.of("py");
	}
}
