package org.tessera.command;

import org.scijava.plugin.Parameter;
import org.tessera.gpu.DeviceChoice;
import org.tessera.scijava.TesseraCommands;

/**
 * Base of the commands that run on the CPU or an OpenCL device: the
 * {@code device} parameter, declared once. It comes after the command's own
 * parameters in dialogs and help ({@link TesseraCommands#LAST}).
 */
public abstract class DeviceCommand extends TesseraCommand {

	@Parameter(label = "device", choices = { "auto", "CPU", "GPU" }, style = TesseraCommands.OPEN_CHOICES + "," + TesseraCommands.LAST,
		description = Params.DEVICE)
	private String device = "auto";

	/** Where to run, as the user chose it. */
	protected DeviceChoice device() {
		return DeviceChoice.parse(device);
	}

	/** The device as the user wrote it, for messages. */
	protected String deviceText() {
		return device;
	}
}
