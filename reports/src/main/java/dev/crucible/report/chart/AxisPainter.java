package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.escape;
import static dev.crucible.report.chart.Svg.fit;
import static dev.crucible.report.chart.Theme.AXIS;
import static dev.crucible.report.chart.Theme.AXIS_FONT;
import static dev.crucible.report.chart.Theme.MUTED;
import static dev.crucible.report.chart.Theme.PAD;
import static dev.crucible.report.chart.Theme.TICK_FONT;
import static dev.crucible.report.chart.Theme.TICK_LENGTH;

/** Writes the axes of a laid-out chart: the axis lines with tick marks, the tick labels and the axis titles. */
final class AxisPainter {

    private AxisPainter() {
    }

    /** Appends the axis lines, tick marks and tick labels (only a chart with data has them). */
    static void writeAxes(Layout layout, StringBuilder out) {
        AxisPlan xp = layout.data().x();
        AxisPlan yp = layout.data().y();
        StringBuilder d = new StringBuilder("M");
        Svg.num(d, layout.left()).append(' ');
        Svg.num(d, layout.top()).append('V');
        Svg.num(d, layout.bottom()).append('H');
        Svg.num(d, layout.right());
        for (double t : yp.ticks()) {
            d.append('M');
            Svg.num(d, layout.left()).append(' ');
            Svg.num(d, layout.py(t)).append("h-4");
        }
        for (double t : xp.ticks()) {
            d.append('M');
            Svg.num(d, layout.px(t)).append(' ');
            Svg.num(d, layout.bottom()).append("v4");
        }
        out.append("<path class=\"cc-axes\" d=\"").append(d)
                .append("\" fill=\"none\" stroke=\"").append(AXIS).append("\" stroke-width=\"1\"/>\n");
        writeYTicks(layout, yp, out);
        writeXTicks(layout, xp, out);
    }

    private static void writeYTicks(Layout layout, AxisPlan yp, StringBuilder out) {
        double[] ticks = yp.ticks();
        String[] labels = yp.labels();
        out.append("<g class=\"cc-y-ticks\" text-anchor=\"end\" fill=\"").append(MUTED).append("\">");
        for (int i = 0; i < ticks.length; i += layout.yLabelEvery()) {
            out.append("<text x=\"");
            Svg.num(out, layout.left() - TICK_LENGTH - 3).append("\" y=\"");
            Svg.num(out, layout.py(ticks[i])).append("\" dy=\"0.32em\">").append(escape(labels[i])).append("</text>");
        }
        out.append("</g>\n");
    }

    private static void writeXTicks(Layout layout, AxisPlan xp, StringBuilder out) {
        XLabels x = layout.xLabels();
        double[] ticks = xp.ticks();
        String[] labels = x.labels();
        double bottom = layout.bottom();
        out.append("<g class=\"cc-x-ticks\" text-anchor=\"").append(x.rotated() ? "end" : "middle").append("\" fill=\"")
                .append(MUTED).append("\">");
        for (int i = 0; i < ticks.length; i += x.every()) {
            double px = layout.px(ticks[i]);
            if (x.rotated()) {
                double ty = bottom + TICK_LENGTH + 8;
                out.append("<text x=\"");
                Svg.num(out, px).append("\" y=\"");
                Svg.num(out, ty).append("\" transform=\"rotate(-30 ");
                Svg.num(out, px).append(' ');
                Svg.num(out, ty).append(")\">");
            } else {
                out.append("<text x=\"");
                Svg.num(out, px).append("\" y=\"");
                Svg.num(out, bottom + TICK_LENGTH + TICK_FONT + 2).append("\">");
            }
            out.append(escape(labels[i])).append("</text>");
        }
        out.append("</g>\n");
    }

    /** Appends the axis titles, each centred along its side of the plot and cut to fit. */
    static void writeTitles(Chart chart, Layout layout, StringBuilder out) {
        double left = layout.left();
        double right = layout.right();
        double top = layout.top();
        double bottom = layout.bottom();
        String xTitle = chart.xAxis().label();
        if (!xTitle.isEmpty()) {
            out.append("<text class=\"cc-x-title\" x=\"");
            Svg.num(out, (left + right) / 2).append("\" y=\"");
            Svg.num(out, bottom + layout.xLabels().height() + AXIS_FONT + 1).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(Svg.num(AXIS_FONT)).append("\">")
                    .append(escape(fit(xTitle, AXIS_FONT, layout.width() - 2 * PAD))).append("</text>\n");
        }
        String yTitle = chart.yAxis().label();
        if (!yTitle.isEmpty()) {
            // Rotated by -90 degrees, screen (sx, sy) is (x = -sy, y = sx).
            out.append("<text class=\"cc-y-title\" transform=\"rotate(-90)\" x=\"");
            Svg.num(out, -(top + bottom) / 2).append("\" y=\"");
            // Its baseline sits just left of the widest tick label, wherever the plot's left edge ended up.
            Svg.num(out, left - TICK_LENGTH - 4 - layout.yLabelWidth() - 5).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(Svg.num(AXIS_FONT)).append("\">")
                    .append(escape(fit(yTitle, AXIS_FONT, bottom - top + 20))).append("</text>\n");
        }
    }
}
