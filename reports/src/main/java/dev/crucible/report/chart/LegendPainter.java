package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.escape;
import static dev.crucible.report.chart.Theme.BAND_OPACITY;
import static dev.crucible.report.chart.Theme.LEGEND_FONT;
import static dev.crucible.report.chart.Theme.SWATCH;

/** Writes the placed legend: per entry a swatch drawn like its series (or a shaded box for a band), then its text. */
final class LegendPainter {

    private LegendPainter() {
    }

    /** Appends the legend of {@code layout}; nothing when it has no entries. */
    static void write(Layout layout, StringBuilder out) {
        if (layout.legend().isEmpty()) {
            return;
        }
        out.append("<g class=\"cc-legend\" font-size=\"").append(Svg.num(LEGEND_FONT)).append("\">\n");
        for (LegendEntry e : layout.legend()) {
            swatch(e, out);
            out.append("<text x=\"");
            Svg.num(out, e.x() + SWATCH + 6).append("\" y=\"");
            Svg.num(out, e.cy()).append("\" dy=\"0.35em\">").append(escape(e.label())).append("</text>\n");
        }
        out.append("</g>\n");
    }

    private static void swatch(LegendEntry e, StringBuilder out) {
        String color = escape(e.color());
        double x = e.x();
        double cy = e.cy();
        if (e.style() == null) {
            out.append("<rect x=\"");
            Svg.num(out, x).append("\" y=\"");
            Svg.num(out, cy - 6).append("\" width=\"").append((int) SWATCH).append("\" height=\"12\" fill=\"").append(color)
                    .append("\" fill-opacity=\"").append(BAND_OPACITY * 2).append("\"/>");
            return;
        }
        StringBuilder d = new StringBuilder("M");
        switch (e.style()) {
            case STEP -> {
                Svg.num(d, x).append(' ');
                Svg.num(d, cy + 4).append("h8v-8h8v5h8");
            }
            case DOTS -> d.setLength(0);
            default -> {
                Svg.num(d, x).append(' ');
                Svg.num(d, cy).append('h').append((int) SWATCH);
            }
        }
        if (d.length() > 0) {
            out.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color).append('"')
                    .append(SeriesPainter.strokeStyle(e.style())).append("/>");
        }
        if (e.style() == Style.DOTS || e.style() == Style.LINE_AND_DOTS) {
            out.append("<circle cx=\"");
            Svg.num(out, x + SWATCH / 2).append("\" cy=\"");
            Svg.num(out, cy).append("\" r=\"").append(e.style() == Style.DOTS ? "4" : "3").append("\" fill=\"")
                    .append(color).append("\"/>");
        }
    }
}
