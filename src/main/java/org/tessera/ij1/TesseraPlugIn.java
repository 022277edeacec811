package org.tessera.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.Cancelable;
import org.scijava.ItemVisibility;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.tessera.imagej.LabelImagePlus;
import org.tessera.scijava.CommandRunner;
import org.tessera.scijava.ImageItems;
import org.tessera.scijava.ParameterValues;
import org.tessera.scijava.TesseraCommands;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * The ImageJ 1.x side of every Tessera menu entry. plugins.config names this
 * class with a command name as argument; it asks for the command's parameters
 * (a dialog, or the macro options when run from a macro, recorded by ImageJ's
 * macro recorder), runs the SciJava command on the current image, and shows its
 * outputs. Esc cancels a running command.
 */
public class TesseraPlugIn implements PlugIn {

	@Override
	public void run(final String arg) {
		final Thread thread = Thread.currentThread();
		final ClassLoader old = thread.getContextClassLoader();
		thread.setContextClassLoader(IJContext.pluginClassLoader());
		try {
			runCommand(arg == null ? "" : arg.trim());
		}
		finally {
			thread.setContextClassLoader(old);
		}
	}

	private void runCommand(final String name) {
		final Context context = IJContext.get();
		final CommandInfo info = TesseraCommands.find(context.service(CommandService.class), name);
		if (info == null) {
			IJ.error("Tessera", "There is no Tessera command named '" + name + "'.");
			return;
		}
		final String title = info.getLabel() == null ? name : info.getLabel();
		final Module module = CommandRunner.create(context, info);
		final Map<String, Object> inputs;
		try {
			inputs = askInputs(context, info, module, title);
		}
		catch (final IllegalArgumentException e) {
			fail(title, e.getMessage());
			return;
		}
		if (inputs == null) return;
		dropEmptyRecordedKeys();
		IJ.resetEscape();
		final EscapeWatcher watcher = new EscapeWatcher(module);
		watcher.start();
		try {
			CommandRunner.run(context, module, inputs, true);
		}
		catch (final CancellationException e) {
			IJ.showStatus(title + ": cancelled");
			IJ.showProgress(1.0);
			return;
		}
		catch (final IllegalArgumentException e) {
			fail(title, e.getMessage());
			return;
		}
		catch (final RuntimeException e) {
			// anything else (e.g. a file that cannot be written) still stops a macro, with what went wrong
			fail(title, e.getMessage() != null ? e.getMessage() : e.toString());
			return;
		}
		finally {
			watcher.finish();
		}
		showOutputs(info, module, inputs);
	}

	/**
	 * Reports a failed command: in a dialog when ImageJ's window is open, on
	 * stderr otherwise (ImageJ -batch, headless runs), where a modal dialog would
	 * wait for ever; a running macro is aborted.
	 */
	public static void fail(final String title, final String message) {
		if (IJ.getInstance() == null) System.err.println(title + ": " + message);
		else IJ.error(title, message);
		if (Macro.getOptions() != null) {
			// what ImageJ's own commands do to stop the macro that called them
			ij.macro.Interpreter.abort();
			throw new RuntimeException(Macro.MACRO_CANCELED);
		}
	}

	/**
	 * Leaves the keys of fields left empty (an optional model file, thresholds
	 * taken from the model) out of the line the macro recorder writes: ImageJ's
	 * dialog records them as {@code key=[]} or {@code key=}, which replays the
	 * same but reads as noise. ImageJ offers no way to change the recorded options but its
	 * private field; where that is missing, the line stays as ImageJ made it.
	 */
	static void dropEmptyRecordedKeys() {
		if (!ij.plugin.frame.Recorder.record) return;
		final String options = ij.plugin.frame.Recorder.getCommandOptions();
		if (options == null) return;
		final String cleaned = options.replaceAll("(^|\\s)[^\\s=\\[\\]]+=(\\[\\])?(?=\\s|$)", "").trim();
		if (cleaned.equals(options)) return;
		try {
			final java.lang.reflect.Field f = ij.plugin.frame.Recorder.class.getDeclaredField("commandOptions");
			f.setAccessible(true);
			f.set(null, cleaned.isEmpty() ? null : cleaned);
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			// another ImageJ: keep its line
		}
	}

	/** The dialog choice for an optional image input left empty. */
	static final String NO_IMAGE = "none";

	/**
	 * Parameter values from the current image and the dialog (or macro options); null if cancelled.
	 * A command with one required image input runs on the current image; with
	 * several, the dialog asks for each. An optional image input (required =
	 * false) is a choice of "none" or an open image, "none" by default, and needs
	 * no open image.
	 */
	private static Map<String, Object> askInputs(final Context context, final CommandInfo info, final Module module, final String title) {
		final List<ModuleItem<?>> items = TesseraCommands.userInputs(info);
		final List<ModuleItem<?>> images = new ArrayList<>(), optionalImages = new ArrayList<>(), fields = new ArrayList<>();
		for (final ModuleItem<?> item : items) {
			if (item.getVisibility() == ItemVisibility.INVISIBLE) continue; // set by scripts and batches, not in dialogs
			if (ImageItems.isImage(item)) (item.isRequired() ? images : optionalImages).add(item);
			else if (ParameterValues.isSimple(item)) fields.add(item);
			else throw new IllegalArgumentException("parameter '" + item.getName() + "' of type " + item.getType().getSimpleName() +
				" cannot be set from a dialog");
		}
		final Map<String, Object> inputs = new LinkedHashMap<>();
		final ImagePlus current = WindowManager.getCurrentImage();
		if (!images.isEmpty() && current == null) {
			IJ.noImage();
			return null;
		}
		final ParameterForm form = ParameterForm.create(title);
		// the open images in the order of their titles in the lists, so that a chosen entry is its window even when titles repeat
		final List<ImagePlus> open = new ArrayList<>();
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids)
			open.add(WindowManager.getImage(id));
		final String[] titles = open.stream().map(ImagePlus::getTitle).toArray(String[]::new);
		if (images.size() == 1) inputs.put(images.get(0).getName(), ImageItems.toInput(images.get(0), current));
		else if (images.size() > 1) for (final ModuleItem<?> item : images) {
			final ImagePlus first = defaultImage(item.getName(), current, open);
			form.addChoice(item.getName(), titles, first.getTitle());
			form.selectLastChoice(open.indexOf(first));
		}
		final String[] noneOrTitles = new String[titles.length + 1];
		noneOrTitles[0] = NO_IMAGE;
		System.arraycopy(titles, 0, noneOrTitles, 1, titles.length);
		for (final ModuleItem<?> item : optionalImages)
			form.addChoice(item.getName(), noneOrTitles, NO_IMAGE);
		final ModuleService modules = context.service(ModuleService.class);
		for (final ModuleItem<?> item : fields) addField(form, item, defaultValue(modules, module, item));
		form.addHelp(help(info));
		if (!form.show()) return null;
		if (images.size() > 1) for (final ModuleItem<?> item : images) {
			final int index = form.nextChoiceIndex();
			inputs.put(item.getName(), ImageItems.toInput(item, index >= 0 ? open.get(index) : openImage(item, form.nextChoice())));
		}
		for (final ModuleItem<?> item : optionalImages) {
			final int index = form.nextChoiceIndex();
			if (index > 0) inputs.put(item.getName(), ImageItems.toInput(item, open.get(index - 1)));
			else if (index < 0) {
				final String choice = form.nextChoice();
				if (!NO_IMAGE.equals(choice)) inputs.put(item.getName(), ImageItems.toInput(item, openImage(item, choice)));
			}
		}
		for (final ModuleItem<?> item : fields) inputs.put(item.getName(), readField(form, item));
		return inputs;
	}

	/**
	 * What a dialog offers first for an image input of a command with several:
	 * for {@code labels}, the newest label image (shown with the label colours,
	 * or titled as one) other than the current image; for {@code psf}, the
	 * newest image titled as a PSF, else the newest other image; otherwise, and
	 * when there is none, the current image.
	 *
	 * @param open the open images, in any order (newer images have lower IDs)
	 */
	static ImagePlus defaultImage(final String key, final ImagePlus current, final List<ImagePlus> open) {
		final List<ImagePlus> others = new ArrayList<>(open);
		others.removeIf(i -> i == null || i == current);
		others.sort(java.util.Comparator.comparingInt(ImagePlus::getID)); // newest first
		final java.util.function.Predicate<ImagePlus> wanted = switch (key) {
			case "labels" -> i -> LabelImagePlus.LABEL_LUT.equals(i.getProcessor().getLut()) || i.getTitle().toLowerCase(java.util.Locale.ROOT)
				.contains("label");
			case "psf" -> i -> i.getTitle().toLowerCase(java.util.Locale.ROOT).contains("psf");
			default -> i -> false;
		};
		for (final ImagePlus i : others)
			if (wanted.test(i)) return i;
		return key.equals("psf") && !others.isEmpty() ? others.get(0) : current;
	}

	/**
	 * The open image a macro names: by its ID (a negative number, as
	 * {@code getImageID()} gives it), or by its title; when several images have
	 * that title, the first, as ImageJ's own commands take it, with a line in the
	 * Log that says how to choose another.
	 */
	static ImagePlus openImage(final ModuleItem<?> item, final String value) {
		return openImage(item.getName(), value);
	}

	static ImagePlus openImage(final String key, final String value) {
		final String v = value == null ? "" : value.trim();
		if (v.matches("-\\d+")) {
			final ImagePlus byId = WindowManager.getImage(Integer.parseInt(v));
			if (byId == null) throw new IllegalArgumentException("parameter '" + key + "': no open image has the ID " + v);
			return byId;
		}
		final List<ImagePlus> same = new ArrayList<>();
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp != null && imp.getTitle().equals(v)) same.add(imp);
		}
		if (same.isEmpty()) throw new IllegalArgumentException("parameter '" + key + "': no open image titled '" + v + "'");
		if (same.size() > 1) IJ.log("Tessera: " + same.size() + " open images are titled '" + v + "'; '" + key + "' took the first (ID " + same
			.get(0).getID() + "). To take another, give its ID instead: " + key + "=" + same.get(1).getID() + " (getImageID() in a macro)");
		return same.get(0);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object defaultValue(final ModuleService modules, final Module module, final ModuleItem<?> item) {
		final Object saved = item.isPersisted() ? modules.load((ModuleItem) item) : null;
		return saved != null ? saved : item.getValue(module);
	}

	private static void addField(final ParameterForm form, final ModuleItem<?> item, final Object value) {
		final String key = item.getName();
		final Class<?> type = ParameterValues.box(item.getType());
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty()) {
			final List<String> c = new ArrayList<>(choices.stream().map(Object::toString).toList());
			// An open choice (device) may hold another value, e.g. a device name from a macro: offer it too.
			if (value != null && !c.contains(value.toString()) && TesseraCommands.hasStyle(item, TesseraCommands.OPEN_CHOICES)) c.add(value
				.toString());
			form.addChoice(key, c.toArray(String[]::new), value == null ? c.get(0) : value.toString());
		}
		else if (type == Boolean.class) form.addCheckbox(key, Boolean.TRUE.equals(value));
		else if (type == File.class || type == String.class && "directory".equals(item.getWidgetStyle()))
			form.addFile(key, value == null ? "" : value.toString(), "directory".equals(item.getWidgetStyle()));
		else if (Number.class.isAssignableFrom(type)) {
			final double v = value == null ? 0 : ((Number) value).doubleValue();
			final boolean integral = type == Integer.class || type == Long.class || type == Short.class || type == Byte.class;
			form.addNumber(key, v, integral ? 0 : decimals(v));
		}
		else form.addText(key, value == null ? "" : value.toString());
	}

	/** Enough decimals to show the value exactly (up to 6). */
	private static int decimals(final double v) {
		for (int d = 0; d < 6; d++)
			if (Math.abs(v * Math.pow(10, d) - Math.rint(v * Math.pow(10, d))) < 1e-9) return d;
		return 6;
	}

	private static Object readField(final ParameterForm form, final ModuleItem<?> item) {
		final Class<?> type = ParameterValues.box(item.getType());
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty()) return ParameterValues.parse(item, form.nextChoice());
		if (type == Boolean.class) return form.nextBoolean();
		if (type == File.class || type == String.class && "directory".equals(item.getWidgetStyle())) {
			final String text = form.nextText();
			// an optional file left empty (or not named in the macro) is no file, not the file ""
			if (type == File.class && !item.isRequired() && (text == null || text.isBlank())) return null;
			return ParameterValues.parse(item, text);
		}
		if (Number.class.isAssignableFrom(type)) {
			final double v = form.nextNumber();
			if (Double.isNaN(v)) throw new IllegalArgumentException("parameter '" + item.getName() + "' expects a number");
			final boolean integral = type == Integer.class || type == Long.class || type == Short.class || type == Byte.class;
			return ParameterValues.parse(item, integral ? Long.toString(Math.round(v)) : Double.toString(v));
		}
		return ParameterValues.parse(item, form.nextText());
	}

	private static String help(final CommandInfo info) {
		final StringBuilder sb = new StringBuilder("<html><b>").append(info.getLabel()).append("</b>");
		if (info.getDescription() != null) sb.append("<p>").append(info.getDescription()).append("</p>");
		sb.append("<table>");
		for (final ModuleItem<?> item : TesseraCommands.userInputs(info))
			sb.append("<tr><td><tt>").append(item.getName()).append("</tt></td><td>").append(item.getDescription() == null ? "" : item
				.getDescription()).append("</td></tr>");
		return sb.append("</table></html>").toString();
	}

	private static void showOutputs(final CommandInfo info, final Module module, final Map<String, Object> inputs) {
		final List<String> said = new ArrayList<>();
		for (final ModuleItem<?> item : info.outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value == null) continue;
			if (value instanceof ResultsTable table) {
				table.show(item.getLabel() == null ? item.getName() : item.getLabel());
				continue;
			}
			final ImagePlus imp = ImageItems.toImagePlus(value, item.getName());
			if (imp != null) {
				if (inputs.containsValue(imp)) imp.updateAndDraw();
				else imp.show();
				final Object about = imp.getProperty("Info");
				final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^objects=(\\d+)").matcher(about instanceof String t ? t : "");
				if (m.find()) said.add(m.group(1) + " objects in " + imp.getTitle());
			}
			else said.add(item.getName() + " " + (value instanceof Double || value instanceof Float ? String.format(java.util.Locale.ROOT, "%.4g",
				((Number) value).doubleValue()) : value));
		}
		if (said.isEmpty()) return;
		// one line per run, in the Log and the status bar: "Voronoi-Otsu Labeling (Tessera): 40 objects in blobs-voronoi-otsu-labels; threshold 420.3"
		final String line = (info.getLabel() == null ? info.getName() : info.getLabel()) + ": " + String.join("; ", said);
		IJ.log(line);
		IJ.showStatus(line);
	}

	/** Cancels the running command when the user presses Esc. */
	private static final class EscapeWatcher extends Thread {

		private final Module module;
		private volatile boolean done;

		EscapeWatcher(final Module module) {
			super("Tessera Esc watcher");
			setDaemon(true);
			this.module = module;
		}

		@Override
		public void run() {
			while (!done) {
				if (IJ.escapePressed() && module.getDelegateObject() instanceof Cancelable c) {
					c.cancel("Esc pressed");
					return;
				}
				try {
					Thread.sleep(100);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		}

		void finish() {
			done = true;
			interrupt();
		}
	}
}
