package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.fit;
import static dev.crucible.report.chart.Svg.textWidth;
import static dev.crucible.report.chart.Theme.PAD;
import static dev.crucible.report.chart.Theme.TICK_FONT;
import static dev.crucible.report.chart.Theme.TICK_LENGTH;

/**
 * How the x tick labels are set so that none overlap: cut to a maximum width, rotated by -30 degrees when
 * category names do not fit side by side, and only every {@code every}-th one shown when still crowded.
 *
 * @param labels   the label of each x tick, fitted
 * @param rotated  whether they are rotated (category axes only)
 * @param every    1 to label every tick, 2 every second one, ...
 * @param height   the room they take below the plot, tick marks included
 * @param plotLeft the plot's left edge, moved right when the first rotated label would stick out of the chart
 */
record XLabels(String[] labels, boolean rotated, int every, double height, double plotLeft) {

    /** Category labels longer than this are cut short. */
    private static final double MAX_CATEGORY_LABEL = 180;
    private static final double SIN30 = 0.5;
    private static final double COS30 = 0.8660254037844387;

    /**
     * Copies the labels.
     *
     * @param labels the fitted labels
     * @param rotated whether rotated
     * @param every which ones are shown
     * @param height the room they take
     * @param plotLeft the plot's left edge
     */
    XLabels {
        labels = labels.clone();
    }

    @Override
    public String[] labels() {
        return labels.clone();
    }

    /** No labels: the axis of a chart without data. */
    static XLabels none(double plotLeft) {
        return new XLabels(new String[0], false, 1, 8, plotLeft);
    }

    /** Sets the labels of a planned x axis across a plot from {@code left} to {@code right}. */
    static XLabels of(Axis axis, AxisPlan plan, double left, double right) {
        String[] raw = plan.labels();
        double[] ticks = plan.ticks();
        String[] labels = new String[raw.length];
        double widest = 0;
        for (int i = 0; i < raw.length; i++) {
            labels[i] = fit(raw[i], TICK_FONT, MAX_CATEGORY_LABEL);
            widest = Math.max(widest, textWidth(labels[i], TICK_FONT));
        }
        double flat = TICK_LENGTH + TICK_FONT + 6;
        if (raw.length < 2) {
            return new XLabels(labels, false, 1, flat, left);
        }
        double perUnit = (right - left) / (plan.hi() - plan.lo());
        double spacing = Double.POSITIVE_INFINITY;
        for (int i = 1; i < raw.length; i++) {
            spacing = Math.min(spacing, (ticks[i] - ticks[i - 1]) * perUnit);
        }
        if (widest + 8 <= spacing) {
            return new XLabels(labels, false, 1, flat, left);
        }
        if (!axis.categorical()) {
            return new XLabels(labels, false, (int) Math.ceil((widest + 8) / spacing), flat, left);
        }
        // Rotated by -30 degrees, neighbouring labels are spacing * sin(30) apart across their baselines.
        int every = (int) Math.max(1, Math.ceil(TICK_FONT * 1.3 / (spacing * SIN30)));
        double height = TICK_LENGTH + 6 + widest * SIN30 + TICK_FONT * COS30 + 4;
        // The first label runs down and to the left of its tick: keep it inside the chart.
        double firstTick = left + (ticks[0] - plan.lo()) * perUnit;
        double overflow = PAD - (firstTick - textWidth(labels[0], TICK_FONT) * COS30);
        return new XLabels(labels, true, every, height, overflow > 0 ? left + overflow : left);
    }
}
