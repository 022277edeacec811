package org.tessera.scijava;

import org.codehaus.groovy.jsr223.GroovyScriptEngineFactory;
import org.scijava.Priority;
import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Groovy for SciJava scripts ({@code #@} parameters) outside Fiji.
 * scijava-common does not pick up JSR-223 engines by itself, and Fiji's
 * scripting-groovy is not on Maven Central. In Fiji, whose own Groovy language
 * has a higher priority, this one is not used.
 */
@Plugin(type = ScriptLanguage.class, name = "Groovy", priority = Priority.LOW)
public class GroovyScriptLanguage extends AdaptedScriptLanguage {

	public GroovyScriptLanguage() {
		super(new GroovyScriptEngineFactory());
	}

	@Override
	public String getLanguageName() {
		return "Groovy";
	}
}
