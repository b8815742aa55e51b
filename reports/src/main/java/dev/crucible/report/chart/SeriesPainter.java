package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.escape;
import static dev.crucible.report.chart.Theme.ROUND;

import java.util.List;

/**
 * Writes the series of a laid-out chart: one nested {@code <svg>} clipped to the plot (with a little slack so
 * dots on the edge are not cut in half), and in it a group per series with its lines and dots.
 */
final class SeriesPainter {

    /** How far outside the plot area marks may still be drawn. */
    private static final double CLIP_SLACK = 5;

    private final Layout layout;
    private final StringBuilder out;

    private SeriesPainter(Layout layout, StringBuilder out) {
        this.layout = layout;
        this.out = out;
    }

    /** Appends the series of {@code chart} to {@code out}. */
    static void write(Chart chart, Layout layout, StringBuilder out) {
        new SeriesPainter(layout, out).writeSeries(chart);
    }

    /** The stroke attributes of a line in {@code style}, shared with the legend's swatches. */
    static String strokeStyle(Style style) {
        return switch (style) {
            case DASHED -> " stroke-width=\"2\" stroke-dasharray=\"7 4\"";
            case LINE_AND_DOTS -> " stroke-width=\"1.5\"" + ROUND;
            default -> " stroke-width=\"2\"" + ROUND;
        };
    }

    private void writeSeries(Chart chart) {
        out.append("<svg class=\"cc-plot\" x=\"");
        double x = layout.left() - CLIP_SLACK;
        double y = layout.top() - CLIP_SLACK;
        double w = layout.right() - layout.left() + 2 * CLIP_SLACK;
        double h = layout.bottom() - layout.top() + 2 * CLIP_SLACK;
        num(x).append("\" y=\"");
        num(y).append("\" width=\"");
        num(w).append("\" height=\"");
        num(h).append("\" viewBox=\"");
        num(x).append(' ');
        num(y).append(' ');
        num(w).append(' ');
        num(h).append("\" overflow=\"hidden\">\n");
        List<Series> all = chart.series();
        for (int s = 0; s < all.size(); s++) {
            Series series = all.get(s);
            String color = escape(chart.colorOf(s));
            Style style = series.style();
            double[] xs = layout.data().xs(s);
            double[] ys = layout.data().ys(s);
            out.append("<g class=\"cc-series\"><title>").append(escape(series.name())).append("</title>");
            if (style != Style.DOTS) {
                String d = path(xs, ys, style == Style.STEP);
                if (!d.isEmpty()) {
                    out.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color)
                            .append('"').append(strokeStyle(style)).append("/>");
                }
            }
            if (style == Style.DOTS || style == Style.LINE_AND_DOTS) {
                dots(xs, ys, color, style == Style.DOTS);
            }
            out.append("</g>\n");
        }
        out.append("</svg>\n");
    }

    /**
     * One path through the drawable points, broken where a point is skipped. A STEP path goes horizontally to
     * the next x, then vertically to its y; at a gap its last step still runs to the x where the gap starts. A
     * point standing alone between gaps becomes a zero-length segment, which the round line cap shows as a
     * dot.
     */
    private String path(double[] xs, double[] ys, boolean step) {
        StringBuilder d = new StringBuilder(xs.length * 12);
        int run = 0;
        for (int i = 0; i < xs.length; i++) {
            boolean drawable = !Double.isNaN(ys[i]) && !Double.isNaN(xs[i]);
            if (!drawable) {
                if (run > 0 && step && !Double.isNaN(xs[i])) {
                    d.append('H');
                    Svg.num(d, layout.px(xs[i]));
                    run++;
                } else if (run == 1) {
                    d.append("h0");
                }
                run = 0;
                continue;
            }
            double sx = layout.px(xs[i]);
            double sy = layout.py(ys[i]);
            if (run == 0) {
                d.append('M');
                Svg.num(d, sx).append(' ');
                Svg.num(d, sy);
            } else if (step) {
                d.append('H');
                Svg.num(d, sx).append('V');
                Svg.num(d, sy);
            } else {
                d.append(run == 1 ? 'L' : ' ');
                Svg.num(d, sx).append(' ');
                Svg.num(d, sy);
            }
            run++;
        }
        if (run == 1) {
            d.append("h0");
        }
        return d.toString();
    }

    /** A dot per drawable point; smaller when there are many, larger when they stand alone without a line. */
    private void dots(double[] xs, double[] ys, String color, boolean alone) {
        int n = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isNaN(xs[i]) && !Double.isNaN(ys[i])) {
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        String r = alone ? (n > 500 ? "2" : n > 100 ? "2.5" : "3.5") : (n > 200 ? "2" : "3");
        out.append("<g fill=\"").append(color).append("\" stroke=\"#fff\" stroke-width=\"0.6\">");
        for (int i = 0; i < xs.length; i++) {
            if (Double.isNaN(xs[i]) || Double.isNaN(ys[i])) {
                continue;
            }
            out.append("<circle cx=\"");
            num(layout.px(xs[i])).append("\" cy=\"");
            num(layout.py(ys[i])).append("\" r=\"").append(r).append("\"/>");
        }
        out.append("</g>");
    }

    private StringBuilder num(double v) {
        return Svg.num(out, v);
    }
}
