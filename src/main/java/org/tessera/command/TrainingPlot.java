package org.tessera.command;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tessera.train.TrainingLoop;

import ij.IJ;
import ij.gui.Plot;
import ij.gui.PlotWindow;

/**
 * The live plot of a training run in ImageJ: the training loss (smoothed) and
 * the validation loss by step, redrawn as they come; on the command line (no
 * ImageJ window) each validation is a line on stderr instead.
 */
final class TrainingPlot {

	private final String title, score;
	private final boolean interactive;
	private final List<Double> steps = new ArrayList<>(), losses = new ArrayList<>();
	private final List<Double> valSteps = new ArrayList<>(), valLosses = new ArrayList<>();
	private double smoothed = Double.NaN;
	private PlotWindow window;
	private long lastDraw;

	private TrainingPlot(final String title, final String score, final boolean interactive) {
		this.title = title;
		this.score = score;
		this.interactive = interactive;
	}

	/**
	 * A plot that shows itself when ImageJ's window is open; otherwise only logs.
	 *
	 * @param score what a validation's score is, for the log ("IoU", "AP@0.5")
	 */
	static TrainingPlot ifInteractive(final String title, final String score) {
		return new TrainingPlot(title, score, !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null);
	}

	/** The listener that feeds the plot (or stderr). */
	TrainingLoop.Listener listener() {
		return new TrainingLoop.Listener() {

			@Override
			public void step(final int step, final int total, final double loss) {
				smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
				synchronized (TrainingPlot.this) {
					steps.add((double) step);
					losses.add(smoothed);
				}
				if (interactive && (System.currentTimeMillis() - lastDraw > 2000 || step == total)) draw();
			}

			@Override
			public void validated(final int step, final double loss, final double value, final boolean best) {
				synchronized (TrainingPlot.this) {
					valSteps.add((double) step);
					valLosses.add(loss);
				}
				if (interactive) draw();
				else System.err.println(String.format(Locale.ROOT, "%s, step %d: training loss %.4f, validation loss %.4f, %s %.3f%s", title, step,
					smoothed, loss, score, value, best ? " (best)" : ""));
			}
		};
	}

	private synchronized void draw() {
		lastDraw = System.currentTimeMillis();
		final Plot plot = new Plot(title, "step", "loss");
		plot.setColor(Color.BLUE);
		plot.add("line", toArray(steps), toArray(losses));
		plot.setLabel(0, "training (smoothed)");
		if (!valSteps.isEmpty()) {
			plot.setColor(Color.RED);
			plot.add("connected circle", toArray(valSteps), toArray(valLosses));
			plot.setLabel(1, "validation");
		}
		plot.setLegend(null, Plot.AUTO_POSITION);
		// both curves in view (fitting the limits took only the first curve's)
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final List<Double> v : List.of(losses, valLosses))
			for (final double y : v)
				if (Double.isFinite(y)) {
					lo = Math.min(lo, y);
					hi = Math.max(hi, y);
				}
		if (lo < hi) {
			final double margin = 0.05 * (hi - lo);
			plot.setLimits(0, steps.isEmpty() ? 1 : steps.get(steps.size() - 1), lo - margin, hi + margin);
		}
		else plot.setLimitsToFit(false);
		final Plot p = plot;
		java.awt.EventQueue.invokeLater(() -> {
			if (window == null || window.isClosed()) window = p.show();
			else window.drawPlot(p);
		});
	}

	private static double[] toArray(final List<Double> v) {
		return v.stream().mapToDouble(Double::doubleValue).toArray();
	}
}
