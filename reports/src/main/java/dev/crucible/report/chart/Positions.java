package dev.crucible.report.chart;

import java.util.List;

/**
 * Where a chart's data lies on its axes' scales: each series' points as scale positions (NaN y where a point
 * is skipped), and the plan of each axis around the extent of the data, its bands and its reference lines.
 * Screen geometry is {@link Layout}'s.
 */
final class Positions {

    private final double[][] xs;
    private final double[][] ys;
    /** Null when no point is drawable. */
    private final AxisPlan x;
    private final AxisPlan y;

    private Positions(double[][] xs, double[][] ys, AxisPlan x, AxisPlan y) {
        this.xs = xs;
        this.ys = ys;
        this.x = x;
        this.y = y;
    }

    /** Maps every point to its scale positions and plans both axes; no plans when nothing is drawable. */
    static Positions of(Chart chart) {
        Scale xScale = chart.xAxis().scale();
        Scale yScale = chart.yAxis().scale();
        List<Series> all = chart.series();
        double[][] xs = new double[all.size()][];
        double[][] ys = new double[all.size()][];
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        boolean nonNegative = true;
        boolean hasData = false;
        for (int s = 0; s < all.size(); s++) {
            Series series = all.get(s);
            int n = series.size();
            double[] px = new double[n];
            double[] py = new double[n];
            for (int i = 0; i < n; i++) {
                double a = xScale.apply(series.xAt(i));
                double b = yScale.apply(series.yAt(i));
                // Keep a finite x for a STEP series even where y is skipped: its last step runs to where the gap starts.
                px[i] = a;
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    py[i] = Double.NaN;
                    continue;
                }
                py[i] = b;
                xLo = Math.min(xLo, a);
                xHi = Math.max(xHi, a);
                yLo = Math.min(yLo, b);
                yHi = Math.max(yHi, b);
                nonNegative &= series.yAt(i) >= 0;
                hasData = true;
            }
            xs[s] = px;
            ys[s] = py;
        }
        if (!hasData) {
            return new Positions(xs, ys, null, null);
        }
        for (Band band : chart.bands()) {
            for (double v : new double[] {xScale.apply(band.from()), xScale.apply(band.to())}) {
                if (!Double.isNaN(v)) {
                    xLo = Math.min(xLo, v);
                    xHi = Math.max(xHi, v);
                }
            }
        }
        for (RefLine r : chart.refLines()) {
            double v = yScale.apply(r.y());
            if (!Double.isNaN(v)) {
                yLo = Math.min(yLo, v);
                yHi = Math.max(yHi, v);
                nonNegative &= r.y() >= 0;
            }
        }
        return new Positions(xs, ys, AxisPlan.of(chart.xAxis(), xLo, xHi, false, false),
                AxisPlan.of(chart.yAxis(), yLo, yHi, true, nonNegative));
    }

    /** Whether any point is drawable (and so the axes are planned). */
    boolean hasData() {
        return x != null;
    }

    /** The x axis plan; null without data. */
    AxisPlan x() {
        return x;
    }

    /** The y axis plan; null without data. */
    AxisPlan y() {
        return y;
    }

    /** The x scale positions of series {@code s}, a copy. */
    double[] xs(int s) {
        return xs[s].clone();
    }

    /** The y scale positions of series {@code s} (NaN where a point is skipped), a copy. */
    double[] ys(int s) {
        return ys[s].clone();
    }
}
