package org.tessera.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.tessera.filter.RankFilters.Op;

/** Median over a box or ellipse around every pixel (removes salt-and-pepper noise), on the CPU or an OpenCL device. */
@Plugin(type = Command.class, name = "median", label = "Median (Tessera)", headless = true,
	description = "Median over a box or ellipse around every pixel (removes salt-and-pepper noise), in 2D or 3D, on the CPU or an OpenCL device")
public class MedianCommand extends RankFilterCommand {

	@Override
	protected Op rank() {
		return Op.MEDIAN;
	}
}
