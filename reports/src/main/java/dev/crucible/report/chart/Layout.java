package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.textWidth;
import static dev.crucible.report.chart.Theme.AXIS_FONT;
import static dev.crucible.report.chart.Theme.LEGEND_ROW;
import static dev.crucible.report.chart.Theme.PAD;
import static dev.crucible.report.chart.Theme.TICK_FONT;
import static dev.crucible.report.chart.Theme.TICK_LENGTH;
import static dev.crucible.report.chart.Theme.TITLE_FONT;

import java.util.List;

/**
 * Where everything of one chart goes, in viewBox units, computed once from the chart and never changed: the
 * size of the canvas, the plot rectangle ({@code left}..{@code right} across, {@code top}..{@code bottom}
 * down), the axis plans and the screen position of any scale position, which tick labels show and how, and
 * the placed legend. {@link Painter} draws from it and decides nothing about where things go.
 *
 * <pre>
 *  PAD, title
 *  +------------------------------------------------------------+
 *  | y title | y tick labels |-- plot: left..right, top..bottom |
 *  |         |               |   x tick labels (xLabels.height) |
 *  |         |               |   x title (xTitleHeight)         |
 *  |         |               |   legend rows                    |
 *  +------------------------------------------------------------+
 *  PAD
 * </pre>
 */
final class Layout {

    private static final double MIN_PLOT_HEIGHT = 80;
    private static final double MIN_PLOT_WIDTH = 60;

    private final Positions data;
    private final Scale xScale;
    private final Scale yScale;
    private final double width;
    private final double height;
    private final double left;
    private final double right;
    private final double top;
    private final double bottom;
    private final XLabels xLabels;
    private final double xTitleHeight;
    private final double yLabelWidth;
    private final int yLabelEvery;
    private final List<LegendEntry> legend;

    /** Lays out {@code chart}: the margins around the plot follow from its labels, titles and legend. */
    private Layout(Chart chart) {
        data = Positions.of(chart);
        xScale = chart.xAxis().scale();
        yScale = chart.yAxis().scale();
        top = PAD + (chart.title().isEmpty() ? 4 : TITLE_FONT + 14);
        double yTitleWidth = chart.yAxis().label().isEmpty() ? 0 : AXIS_FONT + 8;
        yLabelWidth = yLabelWidth(data);
        double plotLeft = PAD + yTitleWidth + yLabelWidth + TICK_LENGTH + 4;
        double rightMargin = rightMargin(chart.xAxis(), data);
        right = Math.max(plotLeft + MIN_PLOT_WIDTH, chart.width() - rightMargin);
        width = Math.max(chart.width(), right + rightMargin);
        xLabels = data.hasData() ? XLabels.of(chart.xAxis(), data.x(), plotLeft, right) : XLabels.none(plotLeft);
        left = xLabels.plotLeft();
        xTitleHeight = chart.xAxis().label().isEmpty() ? 0 : AXIS_FONT + 8;

        Legend entries = Legend.of(chart, width - left - PAD);
        int rows = entries.rows();
        double bottomMargin = xLabels.height() + xTitleHeight + (rows > 0 ? 8 + rows * LEGEND_ROW : 0) + PAD;
        // A long legend makes the chart taller rather than squeezing the plot below half the asked height.
        double minPlotHeight = Math.max(MIN_PLOT_HEIGHT, chart.height() / 2.0);
        if (chart.height() - bottomMargin - top < minPlotHeight) {
            bottom = top + minPlotHeight;
            height = bottom + bottomMargin;
        } else {
            bottom = chart.height() - bottomMargin;
            height = chart.height();
        }
        yLabelEvery = data.hasData() ? yLabelEvery(data.y(), top, bottom) : 1;
        legend = entries.place(left, bottom + xLabels.height() + xTitleHeight + 8);
    }

    /** Lays out {@code chart}. */
    static Layout of(Chart chart) {
        return new Layout(chart);
    }

    /** The widest y tick label, at least 16. */
    private static double yLabelWidth(Positions data) {
        double w = 16;
        if (data.hasData()) {
            for (String label : data.y().labels()) {
                w = Math.max(w, textWidth(label, TICK_FONT));
            }
        }
        return w;
    }

    /** Room right of the plot: the outer margin, or half the last x tick label centred on the plot's edge. */
    private static double rightMargin(Axis xAxis, Positions data) {
        double margin = PAD + 4;
        if (data.hasData() && !xAxis.categorical() && data.x().labels().length > 0) {
            String[] labels = data.x().labels();
            margin = Math.max(margin, textWidth(labels[labels.length - 1], TICK_FONT) / 2 + 4);
        }
        return margin;
    }

    /** In a short plot, label only every second (third, ...) y tick so the labels keep apart. */
    private static int yLabelEvery(AxisPlan y, double top, double bottom) {
        double[] ticks = y.ticks();
        double spacing = Double.POSITIVE_INFINITY;
        for (int i = 1; i < ticks.length; i++) {
            spacing = Math.min(spacing, Math.abs(py(y, top, bottom, ticks[i]) - py(y, top, bottom, ticks[i - 1])));
        }
        return (int) Math.max(1, Math.ceil(TICK_FONT * 1.4 / spacing));
    }

    private static double py(AxisPlan y, double top, double bottom, double position) {
        return bottom - (position - y.lo()) / (y.hi() - y.lo()) * (bottom - top);
    }

    /** The screen x of an x scale position. */
    double px(double position) {
        AxisPlan x = data.x();
        return left + (position - x.lo()) / (x.hi() - x.lo()) * (right - left);
    }

    /** The screen y of a y scale position. */
    double py(double position) {
        return py(data.y(), top, bottom, position);
    }

    /** The band's left and right edge on screen, clamped to the plot; null when it is outside the plot. */
    double[] bandSpan(Band b) {
        AxisPlan x = data.x();
        double from = edge(b.from());
        double to = edge(b.to());
        double x1 = Math.max(left, px(Math.max(from, x.lo())));
        double x2 = Math.min(right, px(Math.min(to, x.hi())));
        if (to < x.lo() || from > x.hi()) {
            return null;
        }
        if (x2 - x1 < 1) {
            // A momentary event still shows as a thin band.
            x2 = Math.min(right, x1 + 1);
            x1 = x2 - 1;
        }
        return new double[] {x1, x2};
    }

    /** A band end in scale positions; an end the scale cannot show lies beyond that side of the axis. */
    private double edge(double v) {
        double p = xScale.apply(v);
        if (!Double.isNaN(p)) {
            return p;
        }
        return xScale == Scale.NINES && v >= 100 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** The screen y of a reference line, or NaN when it is outside the plot. */
    double refY(RefLine r) {
        AxisPlan y = data.y();
        double p = yScale.apply(r.y());
        if (Double.isNaN(p) || p < y.lo() - 1e-9 || p > y.hi() + 1e-9) {
            return Double.NaN;
        }
        return py(p);
    }

    /** Whether any point is drawable; without, there are no axis plans and the plot says "no data". */
    boolean hasData() {
        return data.hasData();
    }

    /** Where the data lies on the scales, and the axis plans. */
    Positions data() {
        return data;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    double left() {
        return left;
    }

    double right() {
        return right;
    }

    double top() {
        return top;
    }

    double bottom() {
        return bottom;
    }

    XLabels xLabels() {
        return xLabels;
    }

    /** Room taken by the x axis title below the tick labels. */
    double xTitleHeight() {
        return xTitleHeight;
    }

    /** The widest y tick label; the y title sits just left of it. */
    double yLabelWidth() {
        return yLabelWidth;
    }

    /** 1 to label every y tick, 2 every second one, ... */
    int yLabelEvery() {
        return yLabelEvery;
    }

    List<LegendEntry> legend() {
        return legend;
    }
}
