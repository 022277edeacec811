package org.tessera.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.tessera.filter.RankFilters.Op;

/** Mean over a box or ellipse around every pixel, on the CPU or an OpenCL device. */
@Plugin(type = Command.class, name = "mean", label = "Mean (Tessera)", headless = true,
	description = "Mean over a box or ellipse around every pixel, in 2D or 3D, on the CPU or an OpenCL device")
public class MeanCommand extends RankFilterCommand {

	@Override
	protected Op rank() {
		return Op.MEAN;
	}
}
