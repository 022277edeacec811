package org.tessera.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.tessera.filter.RankFilters.Op;

/** White top-hat: the image minus its opening (maximum of the minimum), which removes the background around small bright objects. */
@Plugin(type = Command.class, name = "top-hat", label = "Top Hat (Tessera)", headless = true,
	description = "White top-hat (image minus its opening over a box or ellipse), in 2D or 3D, on the CPU or an OpenCL device")
public class TopHatCommand extends RankFilterCommand {

	@Override
	protected Op rank() {
		return Op.MIN;
	}

	@Override
	protected boolean topHat() {
		return true;
	}
}
