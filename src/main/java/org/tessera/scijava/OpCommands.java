package org.tessera.scijava;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.tessera.op.BlockCommand;

/**
 * Commands whose work runs block by block ({@link BlockCommand}: filters and
 * whole-image analyses in passes), configured from {@code key=value} text
 * without running them, so that the command-line tool and Spark can run their
 * work on files block by block.
 */
public final class OpCommands {

	private OpCommands() {
		// static utility
	}

	/** Whether the command's work runs block by block. */
	public static boolean isBlockCommand(final CommandInfo info) {
		try {
			return BlockCommand.class.isAssignableFrom(info.loadDelegateClass());
		}
		catch (final ClassNotFoundException e) {
			return false;
		}
	}

	/**
	 * The command named {@code name} with its parameters set from {@code values}
	 * (parsed as on the command line); keys in {@code ignored} belong to the
	 * route, not to the command, and image parameters are left unset.
	 *
	 * @throws IllegalArgumentException for an unknown command or key, a command that is not one operation, or a bad value
	 */
	public static BlockCommand configure(final Context context, final String name, final Map<String, String> values, final Set<String> ignored) {
		final CommandInfo info = TesseraCommands.find(context.service(CommandService.class), name);
		if (info == null) throw new IllegalArgumentException("unknown command '" + name + "'");
		if (!isBlockCommand(info)) throw new IllegalArgumentException("command '" + name +
			"' cannot run block by block; filters (gaussian, median, ...), threshold and voronoi-otsu-labeling can");
		final Module module = context.service(ModuleService.class).createModule(info);
		final List<String> known = new ArrayList<>();
		for (final ModuleItem<?> item : TesseraCommands.userInputs(info)) {
			known.add(item.getName());
			final String text = values.get(item.getName());
			if (text == null || ImageItems.isImage(item)) continue;
			if (!ParameterValues.isSimple(item)) throw new IllegalArgumentException(name + ": parameter '" + item.getName() +
				"' cannot be given as text");
			module.setInput(item.getName(), ParameterValues.parse(item, text));
		}
		for (final String key : values.keySet())
			if (!known.contains(key) && !ignored.contains(key)) throw new IllegalArgumentException(name + ": unknown parameter '" + key +
				"'; expected one of: " + String.join(", ", known));
		return (BlockCommand) module.getDelegateObject();
	}
}
