package org.tessera.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;
import org.tessera.command.ChunkedFiles;
import org.tessera.command.LabelStatisticsCommand;
import org.tessera.core.IoFaults;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.ij1.PluginsConfig;
import org.tessera.imagej.ImageFiles;
import org.tessera.op.Execution;
import org.tessera.op.BlockCommand;
import org.tessera.scijava.CommandRunner;
import org.tessera.scijava.ImageItems;
import org.tessera.scijava.OpCommands;
import org.tessera.scijava.ParameterValues;
import org.tessera.scijava.ScriptFailedException;
import org.tessera.scijava.TesseraCommands;
import org.tessera.scijava.TesseraService;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * The headless command-line tool behind {@code scripts/tessera}.
 * <pre>
 * tessera list                              one line per command: name, tab, menu path
 * tessera help [command]                    usage, or a command's parameters
 * tessera &lt;command&gt; key=value ...            run a command
 * tessera run &lt;script.groovy|.py&gt; key=value  run a script with #@ parameters
 * </pre>
 * Image inputs are file paths (TIFF); image outputs are written as TIFF and
 * table outputs as CSV to the path given for the output's key; a table output
 * with the style {@link TesseraCommands#PRINT_TABLE} is printed to stdout,
 * tab-separated, when no path is given. Exit codes: 0 success, 2 bad input (one
 * line on stderr naming the problem), 1 internal error (with the stack trace)
 * or a failing script.
 */
public final class Cli {

	/** Exit code for success. */
	public static final int OK = 0;
	/** Exit code for an internal error or a failing script. */
	public static final int ERROR = 1;
	/** Exit code for bad input: unknown command or parameter, bad value, missing or unreadable file. */
	public static final int BAD_INPUT = 2;

	private final PrintStream out;
	private final PrintStream err;

	public Cli(final PrintStream out, final PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** A problem with what the user typed. */
	static final class BadInput extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BadInput(final String message) {
			super(message);
		}
	}

	/** Runs the tool; returns the exit code. */
	public int run(final String... args) {
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			usage(args.length == 0 ? err : out);
			return args.length == 0 ? BAD_INPUT : OK;
		}
		try {
			return switch (args[0]) {
				case "list" -> withContext(this::list);
				case "help" -> withContext(ctx -> help(ctx, args.length > 1 ? args[1] : null));
				case "run" -> {
					if (args.length < 2) throw new BadInput("run: give a script file, e.g. tessera run blur.groovy input=in.tif");
					yield withContext(ctx -> runScript(ctx, Path.of(args[1]), tail(args, 2)));
				}
				default -> withContext(ctx -> runCommand(ctx, args[0], tail(args, 1)));
			};
		}
		catch (final BadInput | IllegalArgumentException e) {
			err.println("tessera: " + oneLine(e.getMessage()));
			return BAD_INPUT;
		}
		catch (final CancellationException e) {
			err.println("tessera: cancelled");
			return ERROR;
		}
		catch (final ScriptFailedException e) {
			// The script's stack trace is already on stderr (SciJava logs it).
			err.println("tessera: script " + oneLine(e.getMessage()));
			return ERROR;
		}
		catch (final Throwable t) {
			final java.util.Optional<String> fault = IoFaults.describe(t);
			if (fault.isPresent()) {
				// a full disk, a read-only folder...: the path and the cause; finished chunks and planes stay for a re-run
				err.println("tessera: cannot write " + fault.get());
				return ERROR;
			}
			err.println("tessera: internal error: " + t);
			t.printStackTrace(err);
			return ERROR;
		}
	}

	private static String oneLine(final String s) {
		return s == null ? "invalid input" : s.replaceAll("\\s*\\R\\s*", " ").trim();
	}

	private static String[] tail(final String[] args, final int from) {
		final String[] t = new String[args.length - from];
		System.arraycopy(args, from, t, 0, t.length);
		return t;
	}

	private interface ContextWork {
		int run(Context context) throws Exception;
	}

	private int withContext(final ContextWork work) throws Exception {
		final Context context = createContext();
		try {
			return work.run(context);
		}
		finally {
			context.dispose();
		}
	}

	/**
	 * A headless context. Plugin discovery warns about CLIJ's Fiji-only
	 * auto-completion plugin, which the command line does not need, so the log
	 * is quiet until the context is up.
	 */
	static Context createContext() {
		final String level = System.getProperty(LogService.LOG_LEVEL_PROPERTY);
		if (level == null) System.setProperty(LogService.LOG_LEVEL_PROPERTY, "error");
		final Context context;
		try {
			context = new Context();
		}
		finally {
			if (level == null) System.clearProperty(LogService.LOG_LEVEL_PROPERTY);
		}
		if (level == null) {
			final LogService log = context.service(LogService.class);
			log.setLevel(LogLevel.WARN);
			// The tool reports command failures itself (one line, or a stack trace for internal errors).
			log.setLevel("org.scijava.module", LogLevel.NONE);
			// Headless, there is nothing to display outputs on; scripts save what they make.
			log.setLevel("org.scijava.display", LogLevel.ERROR);
		}
		TesseraService.registerAliases(context.service(ScriptService.class));
		return context;
	}

	private void usage(final PrintStream s) {
		s.println("Usage: tessera <command> key=value ...     run a Tessera command headless");
		s.println("       tessera list                        list the commands (name, tab, menu path)");
		s.println("       tessera help <command>              describe a command's parameters");
		s.println("       tessera run <script> key=value ...  run a Groovy (.groovy) or Jython (.py) script with #@ parameters");
		s.println("Image inputs are file paths (TIFF); image outputs are written as TIFF and tables as CSV to the path given.");
		s.println("Exit codes: 0 success, 2 bad input, 1 internal error or failing script.");
	}

	private int list(final Context context) {
		final List<PluginsConfig.Entry> menus = PluginsConfig.load(Cli.class.getClassLoader());
		for (final CommandInfo info : TesseraCommands.all(context.service(CommandService.class))) {
			final PluginsConfig.Entry e = PluginsConfig.find(menus, info.getName());
			out.println(info.getName() + "\t" + (e == null ? "" : e.path()));
		}
		return OK;
	}

	private int help(final Context context, final String name) {
		if (name == null) {
			usage(out);
			return OK;
		}
		final CommandInfo info = command(context, name);
		out.println(name + ": " + (info.getDescription() == null ? info.getLabel() : info.getDescription()));
		final Module module = CommandRunner.create(context, info); // for the values a parameter has when not given
		for (final ModuleItem<?> item : TesseraCommands.userInputs(info)) {
			final String value = defaultText(item.getValue(module));
			out.println("  " + item.getName() + "=" + describe(item, value == null) + (value == null ? "" : " (default: " + value + ")"));
		}
		if (OpCommands.isBlockCommand(info)) {
			// the route's keys, unless the command declares them itself (label's execution and chunk)
			final java.util.Set<String> own = new java.util.HashSet<>();
			for (final ModuleItem<?> item : TesseraCommands.userInputs(info)) own.add(item.getName());
			if (!own.contains("execution")) out.println("  execution=whole|chunked  whole: the image in memory; chunked: block by block from " +
				"files of any size (input: a TIFF, a folder of TIFF planes or a Zarr array; output: .zarr, .tif or a folder of planes) (default: whole)");
			if (!own.contains("chunk")) out.println("  chunk=<text>  with execution=chunked: block shape, 'auto', one size or one per axis such " +
				"as 512,512,64 (default: auto)");
			out.println("  resume=<boolean>  with execution=chunked: keep the chunks or planes a stopped run wrote (default: true)");
		}
		for (final ModuleItem<?> item : info.outputs()) {
			if (!ImageItems.isImage(item) && !isTable(item)) {
				// a value, not a file: printed as name=value when the command ends
				out.println("  " + item.getName() + "  printed when done" + (item.getDescription() == null ? "" : ": " + item.getDescription()));
				continue;
			}
			out.println("  " + item.getName() + "=" + describe(item, false) + (isTable(item) && !requiredOutput(info, item) &&
				!TesseraCommands.hasStyle(item, TesseraCommands.PRINT_TABLE) ? " (optional)" : ""));
		}
		return OK;
	}

	private static boolean isTable(final ModuleItem<?> item) {
		return item.getType() == ResultsTable.class;
	}

	/**
	 * Image outputs must be given a file; a table only when it is all the command
	 * produces (label-statistics), not when it reports on other work (batch
	 * metrics) or is printed to stdout without one (devices).
	 */
	private static boolean requiredOutput(final ModuleInfo info, final ModuleItem<?> item) {
		if (TesseraCommands.hasStyle(item, TesseraCommands.OPTIONAL_OUTPUT)) return false;
		if (!isTable(item)) return true;
		if (TesseraCommands.hasStyle(item, TesseraCommands.PRINT_TABLE)) return false; // printed when no file is given
		for (final ModuleItem<?> o : info.outputs())
			if (!isTable(o)) return false;
		return true;
	}

	/** A parameter's value when not given, as one would type it, or null where there is none to show. */
	private static String defaultText(final Object value) {
		if (value == null || value instanceof File f && f.getPath().isEmpty() || value instanceof String t && t.isEmpty()) return null;
		if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
		if (value instanceof Number || value instanceof Boolean || value instanceof String || value instanceof File) return value.toString();
		return null;
	}

	/** The parameter's kind and description; for an input, "(optional)" where it need not be given. */
	private static String describe(final ModuleItem<?> item, final boolean input) {
		final StringBuilder sb = new StringBuilder();
		if (ImageItems.isImage(item)) sb.append(input ? "<image file>" : "<output TIFF file>");
		else if (isTable(item)) sb.append(TesseraCommands.hasStyle(item, TesseraCommands.PRINT_TABLE) ? "<output CSV file> (optional; printed to stdout if not given)"
			: "<output CSV file>");
		else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
			sb.append(String.join("|", item.getChoices().stream().map(Object::toString).toList()));
			if (TesseraCommands.hasStyle(item, TesseraCommands.OPEN_CHOICES)) sb.append("|<other>");
		}
		else sb.append("<").append(ParameterValues.box(item.getType()).getSimpleName().toLowerCase()).append(">");
		if (item.getDescription() != null) sb.append("  ").append(item.getDescription());
		if (input && !item.isRequired()) sb.append(" (optional)");
		return sb.toString();
	}

	private static CommandInfo command(final Context context, final String name) {
		final CommandService commands = context.service(CommandService.class);
		final CommandInfo info = TesseraCommands.find(commands, name);
		if (info == null) {
			final List<String> names = TesseraCommands.all(commands).stream().map(CommandInfo::getName).toList();
			throw new BadInput("unknown command '" + name + "'; commands: " + String.join(", ", names) + " (see tessera list)");
		}
		return info;
	}

	private int runCommand(final Context context, final String name, final String[] args) throws IOException {
		final CommandInfo info = command(context, name);
		if (OpCommands.isBlockCommand(info)) {
			final Map<String, String> given = keyValues(args, name);
			final String execution = given.getOrDefault("execution", "whole").trim().toLowerCase(java.util.Locale.ROOT);
			if (execution.equals("chunked")) return runChunked(context, name, given);
			if (!execution.equals("whole")) throw new BadInput(name + ": execution must be whole or chunked, got '" + given.get("execution") + "'");
			if (given.containsKey("chunk") || given.containsKey("resume")) throw new BadInput(name +
				": chunk and resume apply to execution=chunked only");
			given.remove("execution");
			return runModule(context, info, TesseraCommands.userInputs(info), args(given), name);
		}
		if (LabelStatisticsCommand.class.getName().equals(info.getDelegateClassName())) {
			final Map<String, String> given = keyValues(args, name);
			if (LabelStatisticsCommand.chunked(given.get("execution"))) return runChunkedStatistics(name, given);
		}
		return runModule(context, info, TesseraCommands.userInputs(info), args, name);
	}

	/**
	 * Label statistics of files of any size: both images read chunk by chunk
	 * (TIFF, folders of TIFF planes, Zarr), measured block by block, the table
	 * written as the whole-image command writes it.
	 */
	private int runChunkedStatistics(final String name, final Map<String, String> given) throws IOException {
		for (final String key : given.keySet())
			if (!java.util.Set.of("input", "labels", "output", "execution", "chunk", "threads", "device").contains(key)) throw new BadInput(name +
				": unknown parameter '" + key + "' for execution=chunked; expected input, labels, output, chunk, threads");
		final String input = given.get("input"), labels = given.get("labels"), output = given.get("output");
		if (input == null) throw new BadInput(name + ": missing input=<TIFF, folder of TIFF planes or Zarr array>");
		if (labels == null) throw new BadInput(name + ": missing labels=<TIFF, folder of TIFF planes or Zarr array>");
		if (output == null) throw new BadInput(name + ": missing output=<table .csv>");
		final int threads = given.containsKey("threads") ? parseInt(name, "threads", given.get("threads")) : 0;
		final TaskMonitor monitor = TaskMonitor.warningsTo(message -> err.println(name + ": " + message));
		final int rows = LabelStatisticsCommand.measureFiles(input, labels, Path.of(output), given.get("chunk"), threads, monitor);
		out.println("summary=" + rows + " labels measured block by block, written to " + output);
		return OK;
	}

	/** The keys of {@code execution=chunked} that belong to the route, not to the command. */
	private static final java.util.Set<String> CHUNKED_KEYS = java.util.Set.of("input", "output", "execution", "chunk", "resume", "threads");

	/**
	 * A filter on files of any size: the command's parameters make its
	 * operation, {@link ChunkedFiles} reads the input lazily and writes the
	 * output block by block.
	 */
	private int runChunked(final Context context, final String name, final Map<String, String> given) throws IOException {
		final String input = given.get("input");
		if (input == null) throw new BadInput(name + ": missing input=<TIFF, folder of TIFF planes or Zarr array>");
		final String output = given.get("output");
		if (output == null) throw new BadInput(name + ": missing output=<.zarr folder, .tif file or folder for TIFF planes>");
		final BlockCommand command = OpCommands.configure(context, name, given, CHUNKED_KEYS);
		final int threads = given.containsKey("threads") ? parseInt(name, "threads", given.get("threads")) : 0;
		final boolean resume = Boolean.parseBoolean(given.getOrDefault("resume", "true").trim());
		final DeviceChoice device = DeviceChoice.parse(given.getOrDefault("device", "auto"));
		final TaskMonitor monitor = TaskMonitor.warningsTo(message -> err.println(name + ": " + message)); // the summary says what was done
		final String summary = new ChunkedFiles(input, Path.of(output), given.getOrDefault("chunk", "auto"), new Execution(device, threads,
			monitor), resume).run(command::job);
		out.println("summary=" + summary);
		return OK;
	}

	private static int parseInt(final String what, final String key, final String text) {
		try {
			final int v = Integer.parseInt(text.trim());
			if (v < 0) throw new NumberFormatException();
			return v;
		}
		catch (final NumberFormatException e) {
			throw new BadInput(what + ": " + key + " must be a whole number >= 0, got '" + text + "'");
		}
	}

	private static Map<String, String> keyValues(final String[] args, final String what) {
		final Map<String, String> given = new LinkedHashMap<>();
		for (final String a : args) {
			final int eq = a.indexOf('=');
			if (eq <= 0) throw new BadInput(what + ": expected key=value, got '" + a + "'");
			if (given.put(a.substring(0, eq), a.substring(eq + 1)) != null) throw new BadInput(what + ": parameter '" + a.substring(0, eq) +
				"' is given twice");
		}
		return given;
	}

	private static String[] args(final Map<String, String> given) {
		return given.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	private int runScript(final Context context, final Path file, final String[] args) throws IOException {
		if (!Files.isRegularFile(file)) throw new BadInput("run: script not found: " + file);
		if (!Files.isReadable(file)) throw new BadInput("run: script not readable: " + file);
		final ScriptService scripts = context.service(ScriptService.class);
		if (scripts.getLanguageByExtension(extension(file)) == null)
			throw new BadInput("run: no script language for '" + file.getFileName() + "'; use .groovy or .py");
		final ScriptInfo info = new ScriptInfo(context, file.toFile());
		final List<ModuleItem<?>> inputs = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs())
			if (!TesseraCommands.isInjected(item)) inputs.add(item);
		return runModule(context, info, inputs, args, file.getFileName().toString());
	}

	private static String extension(final Path file) {
		final String n = file.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1);
	}

	/** Parses key=value pairs, checks them against the module's parameters, runs it and writes its outputs. */
	private int runModule(final Context context, final ModuleInfo info, final List<ModuleItem<?>> inputItems, final String[] args,
		final String what) throws IOException
	{
		final Map<String, String> given = keyValues(args, what);
		final Map<String, ModuleItem<?>> inputsByName = new LinkedHashMap<>();
		for (final ModuleItem<?> item : inputItems) inputsByName.put(item.getName(), item);
		final Map<String, ModuleItem<?>> fileOutputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.outputs())
			if (ImageItems.isImage(item) || item.getType() == ResultsTable.class) fileOutputs.put(item.getName(), item);
		for (final String key : given.keySet())
			if (!inputsByName.containsKey(key) && !fileOutputs.containsKey(key)) {
				final List<String> known = new ArrayList<>(inputsByName.keySet());
				known.addAll(fileOutputs.keySet());
				throw new BadInput(what + ": unknown parameter '" + key + "'; expected one of: " + String.join(", ", known));
			}
		// Check every output path before any work is done.
		for (final ModuleItem<?> item : fileOutputs.values()) {
			final String path = given.get(item.getName());
			if (path == null && !requiredOutput(info, item)) continue;
			if (path == null) throw new BadInput(what + ": missing " + item.getName() + "=<file> (where to write the " + item.getName() + ")");
			ImageFiles.checkWritable(Path.of(path), item.getName());
			// an output over one of the input files would destroy it: refused, as in batches and block jobs
			for (final ModuleItem<?> in : inputItems)
				if (ImageItems.isImage(in) && given.get(in.getName()) != null) ImageFiles.refuseOverwrite(Path.of(path), Path.of(given.get(in
					.getName())), item.getName());
		}
		final Map<String, Object> inputs = new LinkedHashMap<>();
		final ModuleService modules = context.service(ModuleService.class);
		final Module module = CommandRunner.create(context, info);
		// What a script prints goes to the tool's stdout.
		if (module instanceof ScriptModule script) script.setOutputWriter(new PrintWriter(out, true));
		for (final ModuleItem<?> item : inputItems) {
			final String text = given.get(item.getName());
			if (text == null) {
				if (item.isRequired() && item.getValue(module) == null && item.getDefaultValue() == null)
					throw new BadInput(what + ": missing parameter " + item.getName() + "=" + describe(item, true));
				continue;
			}
			if (ImageItems.isImage(item)) inputs.put(item.getName(), ImageItems.toInput(item, ImageFiles.read(Path.of(text), item.getName())));
			else if (ParameterValues.isSimple(item)) inputs.put(item.getName(), ParameterValues.parse(item, text));
			else throw new BadInput(what + ": parameter '" + item.getName() + "' of type " + item.getType().getSimpleName() +
				" cannot be given on the command line");
		}
		final EventService events = context.service(EventService.class);
		final ProgressPrinter progress = new ProgressPrinter(err, what);
		events.subscribe(progress);
		try {
			CommandRunner.run(context, module, inputs, false);
		}
		finally {
			progress.finish();
		}
		writeOutputs(info, module, fileOutputs, given);
		return OK;
	}

	/** A table as tab-separated lines with a heading line; nothing for an empty table. */
	private void printTable(final ResultsTable table) {
		if (table.size() == 0) return;
		final String[] headings = table.getHeadings();
		out.println(String.join("\t", headings));
		for (int row = 0; row < table.size(); row++) {
			final List<String> cells = new ArrayList<>();
			for (final String h : headings) cells.add(table.getStringValue(h, row));
			out.println(String.join("\t", cells));
		}
	}

	private void writeOutputs(final ModuleInfo info, final Module module, final Map<String, ModuleItem<?>> fileOutputs,
		final Map<String, String> given) throws IOException
	{
		for (final ModuleItem<?> item : info.outputs()) {
			final Object value = module.getOutput(item.getName());
			if (fileOutputs.containsKey(item.getName())) {
				if (!given.containsKey(item.getName())) {
					// An optional table with no file: printed if the command asks for that (devices), else dropped.
					if (value instanceof ResultsTable table && TesseraCommands.hasStyle(item, TesseraCommands.PRINT_TABLE)) printTable(table);
					continue;
				}
				final Path path = Path.of(given.get(item.getName()));
				if (value == null && TesseraCommands.hasStyle(item, TesseraCommands.OPTIONAL_OUTPUT)) throw new BadInput(item.getName() + ": " +
					"the command made none with the parameters given (" + item.getDescription() + ")");
				if (value == null) throw new IllegalStateException("the command produced no " + item.getName());
				if (value instanceof ResultsTable table) ImageFiles.writeCsv(table, path);
				else {
					final ImagePlus imp = ImageItems.toImagePlus(value, item.getName());
					ImageFiles.writeTiff(imp, path);
				}
				err.println("wrote " + item.getName() + ": " + path.toAbsolutePath());
			}
			else if (value != null && !(value instanceof File && ((File) value).getPath().isEmpty())) out.println(item.getName() + "=" +
				value);
		}
	}
}
