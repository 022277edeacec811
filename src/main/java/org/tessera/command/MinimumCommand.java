package org.tessera.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.tessera.filter.RankFilters.Op;

/** Minimum (grey erosion) over a box or ellipse around every pixel, on the CPU or an OpenCL device. */
@Plugin(type = Command.class, name = "minimum", label = "Minimum (Tessera)", headless = true,
	description = "Minimum (grey erosion) over a box or ellipse around every pixel, in 2D or 3D, on the CPU or an OpenCL device")
public class MinimumCommand extends RankFilterCommand {

	@Override
	protected Op rank() {
		return Op.MIN;
	}
}
