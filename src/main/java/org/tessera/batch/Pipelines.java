package org.tessera.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.script.ScriptInfo;
import org.tessera.scijava.CommandRunner;
import org.tessera.scijava.ImageItems;
import org.tessera.scijava.ParameterValues;
import org.tessera.scijava.TesseraCommands;

import ij.ImagePlus;

/**
 * Makes {@link Pipeline}s from what users write in a batch's {@code pipeline}
 * parameter: a Tessera command line such as {@code "gaussian sigma=10"}, or the
 * path of a Groovy ({@code .groovy}) or Jython ({@code .py}) script, or of an
 * ImageJ macro ({@code .ijm}, see {@link MacroPipeline}). The command or script
 * must take one image input and produce one image output; the batch fills the
 * input with each file in turn.
 */
public final class Pipelines {

	private Pipelines() {
		// static utility
	}

	/**
	 * Parses a pipeline; all parameters are checked now, before any file is processed.
	 *
	 * @param threadsPerItem value for a {@code threads} parameter the user did not set (0 = leave it)
	 * @throws IllegalArgumentException naming the problem
	 */
	public static Pipeline parse(final Context context, final String spec, final int threadsPerItem) {
		final String s = spec == null ? "" : spec.trim();
		if (s.isEmpty()) throw new IllegalArgumentException("pipeline is empty; give a command such as 'gaussian sigma=10' or a script path");
		final String lower = s.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".ijm")) return MacroPipeline.of(Path.of(s));
		if (lower.endsWith(".groovy") || lower.endsWith(".py")) {
			final Path script = Path.of(s);
			if (!Files.isRegularFile(script)) throw new IllegalArgumentException("pipeline: script not found: " + script);
			return new ModulePipeline(context, new ScriptInfo(context, script.toFile()), Map.of(), s, threadsPerItem);
		}
		final String[] tokens = s.split("\\s+");
		final CommandInfo info = TesseraCommands.find(context.service(CommandService.class), tokens[0]);
		if (info == null) throw new IllegalArgumentException("pipeline: unknown command '" + tokens[0] + "'");
		final Map<String, String> args = new LinkedHashMap<>();
		for (int i = 1; i < tokens.length; i++) {
			final int eq = tokens[i].indexOf('=');
			if (eq <= 0) throw new IllegalArgumentException("pipeline: expected key=value after the command name, got '" + tokens[i] + "'");
			args.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
		}
		return new ModulePipeline(context, info, args, s, threadsPerItem);
	}

	/** A command or script run once per image. */
	static final class ModulePipeline implements Pipeline {

		private final Context context;
		private final ModuleInfo info;
		private final String description;
		private final ModuleItem<?> imageInput;
		private final ModuleItem<?> imageOutput;
		private final Map<String, Object> fixed = new LinkedHashMap<>();

		ModulePipeline(final Context context, final ModuleInfo info, final Map<String, String> args, final String description,
			final int threadsPerItem)
		{
			this.context = context;
			this.info = info;
			this.description = description;
			final List<ModuleItem<?>> images = new ArrayList<>();
			final Map<String, ModuleItem<?>> inputs = new LinkedHashMap<>();
			for (final ModuleItem<?> item : info.inputs()) {
				if (TesseraCommands.isInjected(item)) continue;
				if (ImageItems.isImage(item)) images.add(item);
				else inputs.put(item.getName(), item);
			}
			if (images.size() != 1)
				throw new IllegalArgumentException("pipeline '" + description + "' must take exactly one image input, it takes " + images.size());
			imageInput = images.get(0);
			ModuleItem<?> out = null;
			for (final ModuleItem<?> item : info.outputs())
				if (ImageItems.isImage(item)) {
					out = item;
					break;
				}
			if (out == null) throw new IllegalArgumentException("pipeline '" + description + "' produces no image");
			imageOutput = out;
			for (final Map.Entry<String, String> e : args.entrySet()) {
				final ModuleItem<?> item = inputs.get(e.getKey());
				if (item == null) throw new IllegalArgumentException("pipeline: unknown parameter '" + e.getKey() + "' for " + info.getName() +
					"; expected one of: " + String.join(", ", inputs.keySet()));
				if (!ParameterValues.isSimple(item)) throw new IllegalArgumentException("pipeline: parameter '" + e.getKey() +
					"' cannot be given as text");
				fixed.put(e.getKey(), ParameterValues.parse(item, e.getValue()));
			}
			final ModuleItem<?> threads = inputs.get("threads");
			if (threadsPerItem > 0 && threads != null && !fixed.containsKey("threads")) fixed.put("threads", threadsPerItem);
		}

		@Override
		public ImagePlus apply(final ImagePlus input) {
			final Module module = CommandRunner.create(context, info);
			final Map<String, Object> inputs = new LinkedHashMap<>(fixed);
			inputs.put(imageInput.getName(), ImageItems.toInput(imageInput, input));
			CommandRunner.run(context, module, inputs, false);
			final ImagePlus result = ImageItems.toImagePlus(module.getOutput(imageOutput.getName()), imageOutput.getName());
			if (result == null) throw new IllegalStateException("the pipeline produced no " + imageOutput.getName());
			return result;
		}

		@Override
		public String describe() {
			return description;
		}
	}
}
