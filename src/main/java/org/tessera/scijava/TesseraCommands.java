package org.tessera.scijava;

import java.util.Comparator;
import java.util.List;

import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.Context;

/** Finds Tessera's SciJava commands by their short names ({@code gaussian}, ...). */
public final class TesseraCommands {

	private static final String PACKAGE = "org.tessera.";

	/**
	 * Style of a text input whose choices are the usual values but not the only
	 * ones: the dialog offers the choices, macros and the command line may give
	 * other text (the {@code device} parameter also takes OpenCL device names).
	 */
	public static final String OPEN_CHOICES = "open-choices";

	/** Style of an image output that the command-line tool writes only when a file is given for it (and the command made it). */
	public static final String OPTIONAL_OUTPUT = "optional-output";

	/** Style of a table output that the command-line tool prints to stdout when no file is given for it. */
	public static final String PRINT_TABLE = "print-table";

	private TesseraCommands() {
		// static utility
	}

	/** All Tessera commands that have a name, sorted by name. */
	public static List<CommandInfo> all(final CommandService commands) {
		return commands.getCommands().stream().filter(TesseraCommands::isTessera).filter(i -> i.getName() != null && !i.getName()
			.isBlank()).sorted(Comparator.comparing(CommandInfo::getName)).toList();
	}

	/** The command with that name, or null. */
	public static CommandInfo find(final CommandService commands, final String name) {
		for (final CommandInfo info : all(commands))
			if (info.getName().equals(name)) return info;
		return null;
	}

	private static boolean isTessera(final CommandInfo info) {
		return info.getClassName() != null && info.getClassName().startsWith(PACKAGE);
	}

	/**
	 * Whether an input is filled by SciJava itself (services, the context) rather
	 * than by the user.
	 */
	public static boolean isInjected(final ModuleItem<?> item) {
		final Class<?> type = item.getType();
		return Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type);
	}

	/** Whether the item's widget style (a comma-separated list) includes this style. */
	public static boolean hasStyle(final ModuleItem<?> item, final String style) {
		final String styles = item.getWidgetStyle();
		if (styles == null) return false;
		for (final String s : styles.split(","))
			if (s.trim().equals(style)) return true;
		return false;
	}

	/**
	 * Widget style of the parameters that commands share through a base class
	 * (the device, CPU threads): they come after the command's own parameters in
	 * dialogs and help, although Java declares a base class's fields first.
	 */
	public static final String LAST = "last";

	/** The inputs a user sets, in declaration order, those styled {@link #LAST} at the end. */
	public static List<ModuleItem<?>> userInputs(final CommandInfo info) {
		final List<ModuleItem<?>> list = new java.util.ArrayList<>(), last = new java.util.ArrayList<>();
		for (final ModuleItem<?> item : info.inputs())
			if (!isInjected(item)) (hasStyle(item, LAST) ? last : list).add(item);
		list.addAll(last);
		return list;
	}
}
