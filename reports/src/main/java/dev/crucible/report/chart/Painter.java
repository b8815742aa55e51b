package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.escape;
import static dev.crucible.report.chart.Svg.fit;
import static dev.crucible.report.chart.Svg.textWidth;
import static dev.crucible.report.chart.Theme.AXIS;
import static dev.crucible.report.chart.Theme.BAND_OPACITY;
import static dev.crucible.report.chart.Theme.FONT_STACK;
import static dev.crucible.report.chart.Theme.GRID;
import static dev.crucible.report.chart.Theme.HALO;
import static dev.crucible.report.chart.Theme.MUTED;
import static dev.crucible.report.chart.Theme.NOTE_FONT;
import static dev.crucible.report.chart.Theme.PAD;
import static dev.crucible.report.chart.Theme.REF;
import static dev.crucible.report.chart.Theme.TEXT;
import static dev.crucible.report.chart.Theme.TICK_FONT;
import static dev.crucible.report.chart.Theme.TITLE_FONT;

/**
 * Writes one chart as an SVG element from its {@link Layout}, back to front: canvas and title, bands, grid,
 * reference lines, the series ({@link SeriesPainter}), axes and ticks ({@link AxisPainter}), band and
 * reference line labels over the data, axis titles, legend ({@link LegendPainter}). Where anything goes is
 * the layout's; this only writes it down.
 */
final class Painter {

    private final Chart chart;
    private final Layout layout;
    private final StringBuilder out = new StringBuilder(8192);

    private Painter(Chart chart, Layout layout) {
        this.chart = chart;
        this.layout = layout;
    }

    /** The whole {@code <svg>} element of {@code chart} laid out as {@code layout}. */
    static String svg(Chart chart, Layout layout) {
        return new Painter(chart, layout).paint();
    }

    private String paint() {
        writeOpen();
        if (layout.hasData()) {
            writeBands();
            writeGrid();
            writeRefLines();
            SeriesPainter.write(chart, layout, out);
            AxisPainter.writeAxes(layout, out);
            writeBandLabels();
            writeRefLabels();
        } else {
            writeNoData();
        }
        AxisPainter.writeTitles(chart, layout, out);
        LegendPainter.write(layout, out);
        out.append("</svg>");
        return out.toString();
    }

    private void writeOpen() {
        double width = layout.width();
        double height = layout.height();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
        num(width).append(' ');
        num(height).append("\" width=\"100%\" role=\"img\" font-family='")
                .append(FONT_STACK)
                .append("' font-size=\"").append(Svg.num(TICK_FONT)).append("\" fill=\"").append(TEXT)
                .append("\">\n<title>").append(escape(chart.title())).append("</title>\n");
        out.append("<rect width=\"");
        num(width).append("\" height=\"");
        num(height).append("\" fill=\"#fff\"/>\n");
        if (!chart.title().isEmpty()) {
            // Bold glyphs run about a tenth wider than the estimate for regular ones.
            String title = fit(chart.title(), TITLE_FONT * 1.1, width - 2 * PAD);
            out.append("<text class=\"cc-title\" x=\"");
            num(width / 2).append("\" y=\"");
            num(PAD + TITLE_FONT - 1).append("\" text-anchor=\"middle\" font-size=\"").append(Svg.num(TITLE_FONT))
                    .append("\" font-weight=\"600\">").append(escape(title)).append("</text>\n");
        }
    }

    private void writeBands() {
        if (chart.bands().isEmpty()) {
            return;
        }
        out.append("<g class=\"cc-bands\" fill-opacity=\"").append(BAND_OPACITY).append("\">\n");
        for (Band b : chart.bands()) {
            double[] span = layout.bandSpan(b);
            if (span == null) {
                continue;
            }
            out.append("<rect x=\"");
            num(span[0]).append("\" y=\"");
            num(layout.top()).append("\" width=\"");
            num(span[1] - span[0]).append("\" height=\"");
            num(layout.bottom() - layout.top()).append("\" fill=\"").append(escape(b.color())).append("\"/>\n");
        }
        out.append("</g>\n");
    }

    private void writeGrid() {
        StringBuilder d = new StringBuilder();
        for (double t : layout.data().y().ticks()) {
            d.append('M');
            Svg.num(d, layout.left()).append(' ');
            Svg.num(d, layout.py(t)).append('H');
            Svg.num(d, layout.right());
        }
        for (double t : layout.data().x().ticks()) {
            d.append('M');
            Svg.num(d, layout.px(t)).append(' ');
            Svg.num(d, layout.top()).append('V');
            Svg.num(d, layout.bottom());
        }
        if (d.length() > 0) {
            out.append("<path class=\"cc-grid\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(GRID)
                    .append("\" stroke-width=\"1\"/>\n");
        }
    }

    private void writeRefLines() {
        for (RefLine r : chart.refLines()) {
            double y = layout.refY(r);
            if (Double.isNaN(y)) {
                continue;
            }
            out.append("<path class=\"cc-ref\" d=\"M");
            num(layout.left()).append(' ');
            num(y).append('H');
            num(layout.right()).append("\" fill=\"none\" stroke=\"").append(REF).append("\" stroke-width=\"1.2\"/>\n");
        }
    }

    private void writeBandLabels() {
        double left = layout.left();
        double right = layout.right();
        for (Band b : chart.bands()) {
            double[] span = layout.bandSpan(b);
            if (span == null || b.label().isEmpty()) {
                continue;
            }
            String label = fit(b.label(), NOTE_FONT, right - left - 8);
            double w = textWidth(label, NOTE_FONT);
            boolean fitsRight = span[0] + 4 + w <= right - 2;
            out.append("<text class=\"cc-band-label\" x=\"");
            num(fitsRight ? span[0] + 4 : Math.max(left + 4 + w, span[1] - 4)).append("\" y=\"");
            num(layout.top() + NOTE_FONT + 3).append("\" font-size=\"").append(Svg.num(NOTE_FONT)).append('"')
                    .append(fitsRight ? "" : " text-anchor=\"end\"").append(" fill=\"").append(MUTED).append('"')
                    .append(HALO).append('>').append(escape(label)).append("</text>\n");
        }
    }

    private void writeRefLabels() {
        double top = layout.top();
        for (RefLine r : chart.refLines()) {
            double y = layout.refY(r);
            if (Double.isNaN(y) || r.label().isEmpty()) {
                continue;
            }
            // Above the line, or below it when the line runs along the top of the plot.
            double baseline = y - 4 - NOTE_FONT < top ? y + NOTE_FONT + 3 : y - 4;
            out.append("<text class=\"cc-ref-label\" x=\"");
            num(layout.right() - 4).append("\" y=\"");
            num(baseline).append("\" font-size=\"").append(Svg.num(NOTE_FONT)).append("\" text-anchor=\"end\" fill=\"")
                    .append(REF).append('"').append(HALO).append('>')
                    .append(escape(fit(r.label(), NOTE_FONT, layout.right() - layout.left() - 8))).append("</text>\n");
        }
    }

    private void writeNoData() {
        double left = layout.left();
        double right = layout.right();
        double top = layout.top();
        double bottom = layout.bottom();
        out.append("<rect class=\"cc-frame\" x=\"");
        num(left).append("\" y=\"");
        num(top).append("\" width=\"");
        num(right - left).append("\" height=\"");
        num(bottom - top).append("\" fill=\"none\" stroke=\"").append(AXIS).append("\" stroke-width=\"1\"/>\n");
        out.append("<text class=\"cc-no-data\" x=\"");
        num((left + right) / 2).append("\" y=\"");
        num((top + bottom) / 2).append("\" dy=\"0.32em\" text-anchor=\"middle\" font-size=\"13\" fill=\"")
                .append(MUTED).append("\">no data</text>\n");
    }

    private StringBuilder num(double v) {
        return Svg.num(out, v);
    }
}
