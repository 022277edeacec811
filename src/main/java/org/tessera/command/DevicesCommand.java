package org.tessera.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.gpu.DeviceInfo;
import org.tessera.gpu.DevicePreference;
import org.tessera.gpu.GpuDevices;
import org.tessera.gpu.OpenCL;
import org.tessera.scijava.TesseraCommands;

import ij.measure.ResultsTable;

/**
 * Lists the OpenCL devices and sets the preferred one, which {@code device=GPU}
 * and {@code device=auto} use; see {@link GpuDevices} and {@link DevicePreference}.
 */
@Plugin(type = Command.class, name = "devices", label = "OpenCL Devices (Tessera)", headless = true,
	description = "Lists the OpenCL devices, best first, and sets the preferred one that device=GPU and device=auto use")
public class DevicesCommand extends TesseraCommand {

	@Parameter(label = "prefer", required = false, persist = false,
		description = "empty: only list; a device name or part of one: make it the preferred device; none: clear the preference")
	private String prefer = "";

	@Parameter(label = "devices", type = ItemIO.OUTPUT, style = TesseraCommands.PRINT_TABLE,
		description = "one row per OpenCL device, best first: name, platform, type, memory, compute units, OpenCL version, default, preferred")
	private ResultsTable devices;

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "the device count and the one device=GPU uses, or the preference set or cleared")
	private String summary;

	@Override
	public void run() {
		final String p = prefer == null ? "" : prefer.trim();
		final List<String> said = new ArrayList<>();
		if (p.equalsIgnoreCase("none")) {
			GpuDevices.prefer("none");
			said.add("preference cleared");
		}
		else if (!p.isEmpty()) said.add("preferred device set to " + GpuDevices.prefer(p).orElseThrow().name());
		final String preference = DevicePreference.get();
		if (DevicePreference.isOverridden()) said.add("-D" + DevicePreference.PROPERTY + "=" + preference +
			" overrides the stored preference in this run");
		final List<DeviceInfo> list = GpuDevices.bestFirst();
		devices = new ResultsTable();
		if (list.isEmpty()) {
			said.add("no OpenCL device: " + OpenCL.whyUnavailable());
			summary = String.join("; ", said);
			return;
		}
		final List<String> warnings = new ArrayList<>();
		final DeviceInfo chosen = GpuDevices.defaultAmong(list, preference, warnings::add);
		final Optional<DeviceInfo> preferred = GpuDevices.match(list, preference);
		for (final DeviceInfo d : list) { // == : two identical GPUs have equal descriptions, only one is the default
			devices.incrementCounter();
			devices.addValue("name", d.name());
			devices.addValue("platform", d.platform());
			devices.addValue("type", d.type().label());
			devices.addValue("global_memory_MiB", d.globalMemoryMiB());
			devices.addValue("max_allocation_MiB", d.maxAllocationMiB());
			devices.addValue("compute_units", d.computeUnits());
			devices.addValue("version", d.version());
			devices.addValue("default", d == chosen ? "yes" : "no");
			devices.addValue("preferred", preferred.isPresent() && d == preferred.get() ? "yes" : "no");
		}
		final boolean cpuOnly = chosen.type() == DeviceInfo.Type.CPU && !GpuDevices.isPreferred(chosen);
		said.add(list.size() + " OpenCL device" + (list.size() == 1 ? "" : "s") + "; device=GPU" + (cpuOnly ? "" : " and device=auto") + " use " +
			chosen.name() + (preferred.isPresent() ? " (preferred)" : " (the best)") + (cpuOnly ? "; device=auto runs Tessera's Java code, " +
				"faster than an OpenCL device on the CPU (prefer it to use it)" : ""));
		said.addAll(warnings);
		summary = String.join("; ", said);
	}

	public ResultsTable getDevices() {
		return devices;
	}

	public String getSummary() {
		return summary;
	}
}
