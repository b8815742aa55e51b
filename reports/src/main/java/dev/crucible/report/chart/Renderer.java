package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.escape;
import static dev.crucible.report.chart.Svg.fit;
import static dev.crucible.report.chart.Svg.textWidth;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lays out and writes one {@link Chart} as SVG. One instance renders once. */
final class Renderer {

    static final String FONT_STACK = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"DejaVu Sans\", sans-serif";

    private static final double PAD = 12;
    private static final double TITLE_FONT = 15;
    private static final double AXIS_FONT = 12;
    private static final double TICK_FONT = 11;
    private static final double LEGEND_FONT = 12;
    private static final double NOTE_FONT = 10.5;
    /** Tick marks are 4 units long (written literally as {@code h-4} and {@code v4} in paths). */
    private static final double TICK_LENGTH = 4;
    private static final double LEGEND_ROW = 20;
    private static final double SWATCH = 24;
    private static final double MIN_PLOT_HEIGHT = 80;
    private static final double MIN_PLOT_WIDTH = 60;
    /** How far outside the plot area marks may still be drawn (so dots on the edge are not cut in half). */
    private static final double CLIP_SLACK = 5;
    /** Category labels longer than this are cut short. */
    private static final double MAX_CATEGORY_LABEL = 180;
    private static final double SIN30 = 0.5;
    private static final double COS30 = 0.8660254037844387;

    private static final String TEXT = "#222";
    private static final String MUTED = "#555";
    private static final String GRID = "#e6e6e6";
    private static final String AXIS = "#8c8c8c";
    private static final String REF = "#444";
    private static final String HALO = " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\""
            + " stroke-linejoin=\"round\"";
    private static final String ROUND = " stroke-linejoin=\"round\" stroke-linecap=\"round\"";
    private static final double BAND_OPACITY = 0.16;

    private final Chart chart;
    private final Axis xAxis;
    private final Axis yAxis;
    private final StringBuilder out = new StringBuilder(8192);

    /** Per series, the positions of its points on each scale (NaN where skipped). */
    private final double[][] tx;
    private final double[][] ty;
    private boolean hasData;
    private AxisPlan xp;
    private AxisPlan yp;

    private double width;
    private double height;
    private double left;
    private double right;
    private double top;
    private double bottom;
    private boolean rotateX;
    private int xLabelEvery = 1;
    private int yLabelEvery = 1;
    private String[] xLabels = new String[0];
    private double xLabelHeight;
    private double xTitleHeight;
    private double yLabelWidth;
    private final List<LegendItem> legend = new ArrayList<>();

    /** One legend entry: a series (with its style) or a band (style null). */
    private record LegendItem(String label, String color, Style style, double width) {
    }

    Renderer(Chart chart) {
        this.chart = chart;
        this.xAxis = chart.xAxis();
        this.yAxis = chart.yAxis();
        int n = chart.series().size();
        this.tx = new double[n][];
        this.ty = new double[n][];
    }

    String render() {
        prepare();
        layout();
        writeOpen();
        if (hasData) {
            writeBands();
            writeGrid();
            writeRefLines();
            writeSeries();
            writeAxes();
            writeBandLabels();
            writeRefLabels();
        } else {
            writeNoData();
        }
        writeAxisTitles();
        writeLegend();
        out.append("</svg>");
        return out.toString();
    }

    // ---------------------------------------------------------------- data and scales

    private void prepare() {
        Scale xs = xAxis.scale();
        Scale ys = yAxis.scale();
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        boolean nonNegative = true;
        List<Series> all = chart.series();
        for (int s = 0; s < all.size(); s++) {
            Series series = all.get(s);
            int n = series.size();
            double[] px = new double[n];
            double[] py = new double[n];
            for (int i = 0; i < n; i++) {
                double a = xs.apply(series.xAt(i));
                double b = ys.apply(series.yAt(i));
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    // Keep a finite x for a STEP series: its last step runs to where the gap starts.
                    px[i] = a;
                    py[i] = Double.NaN;
                    continue;
                }
                px[i] = a;
                py[i] = b;
                xLo = Math.min(xLo, a);
                xHi = Math.max(xHi, a);
                yLo = Math.min(yLo, b);
                yHi = Math.max(yHi, b);
                nonNegative &= series.yAt(i) >= 0;
                hasData = true;
            }
            tx[s] = px;
            ty[s] = py;
        }
        if (!hasData) {
            return;
        }
        for (Band b : chart.bands()) {
            for (double v : new double[] {xs.apply(b.from()), xs.apply(b.to())}) {
                if (!Double.isNaN(v)) {
                    xLo = Math.min(xLo, v);
                    xHi = Math.max(xHi, v);
                }
            }
        }
        for (RefLine r : chart.refLines()) {
            double v = ys.apply(r.y());
            if (!Double.isNaN(v)) {
                yLo = Math.min(yLo, v);
                yHi = Math.max(yHi, v);
                nonNegative &= r.y() >= 0;
            }
        }
        xp = plan(xAxis, xLo, xHi, false, false);
        yp = plan(yAxis, yLo, yHi, true, nonNegative);
    }

    /** The visible range of an axis (in scale positions) with its ticks and their labels. */
    record AxisPlan(double lo, double hi, double[] ticks, String[] labels) {
    }

    /**
     * Plans an axis from the extent of the data in scale positions: forced bounds win; otherwise linear axes
     * are rounded out to a tick (a value axis first padded by 5%, not below 0 when all data is non-negative),
     * log axes to whole decades and nines axes from 0 to the next whole nine.
     */
    static AxisPlan plan(Axis axis, double dataLo, double dataHi, boolean valueAxis, boolean nonNegative) {
        Scale scale = axis.scale();
        Double fMin = axis.min();
        Double fMax = axis.max();
        if (axis.categorical()) {
            List<String> names = axis.categories();
            double lo = fMin != null ? fMin : -0.5;
            double hi = fMax != null ? fMax : names.size() - 0.5;
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            List<Double> ticks = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (i >= lo - 1e-9 && i <= hi + 1e-9) {
                    ticks.add((double) i);
                    labels.add(names.get(i));
                }
            }
            return new AxisPlan(lo, hi, toArray(ticks), labels.toArray(new String[0]));
        }
        switch (scale) {
            case LOG10: {
                double lo = fMin != null ? Math.log10(fMin) : Math.floor(dataLo);
                double hi = fMax != null ? Math.log10(fMax) : Math.ceil(dataHi);
                if (!(hi > lo)) {
                    if (fMax == null) {
                        hi = lo + 1;
                    } else {
                        lo = hi - 1;
                    }
                }
                double[] values = Ticks.log10(Math.pow(10, lo), Math.pow(10, hi));
                List<Double> ticks = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (double v : values) {
                    double p = Math.log10(v);
                    if (p >= lo - 1e-9 && p <= hi + 1e-9) {
                        ticks.add(p);
                        labels.add(Ticks.format(v));
                    }
                }
                return new AxisPlan(lo, hi, toArray(ticks), labels.toArray(new String[0]));
            }
            case NINES: {
                double lo = fMin != null ? scale.apply(fMin) : 0;
                double hi = fMax != null ? scale.apply(fMax) : Math.max(1, Math.ceil(dataHi - 1e-9));
                if (!(hi > lo)) {
                    if (fMax == null) {
                        hi = Math.ceil(lo + 1e-9);
                    } else {
                        lo = Math.max(0, hi - 1);
                    }
                }
                List<Double> ticks = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (double p : Ticks.nines(scale.invert(hi))) {
                    double pos = scale.apply(p);
                    if (pos >= lo - 1e-9 && pos <= hi + 1e-9) {
                        ticks.add(pos);
                        labels.add(Ticks.percentile(p));
                    }
                }
                return new AxisPlan(lo, hi, toArray(ticks), labels.toArray(new String[0]));
            }
            default: {
                double lo = fMin != null ? fMin : dataLo;
                double hi = fMax != null ? fMax : dataHi;
                if (valueAxis && hi > lo) {
                    double pad = 0.05 * (hi - lo);
                    if (fMin == null) {
                        lo -= pad;
                        if (nonNegative && lo < 0) {
                            lo = 0;
                        }
                    }
                    if (fMax == null) {
                        hi += pad;
                    }
                }
                if (!(hi > lo)) {
                    if (fMin != null && fMax == null) {
                        hi = lo + Ticks.magnitude(lo);
                    } else if (fMax != null && fMin == null) {
                        lo = hi - Ticks.magnitude(hi);
                    } else {
                        double unit = Ticks.magnitude(lo);
                        double mid = lo;
                        lo = mid - unit;
                        hi = mid + unit;
                        if (nonNegative && mid >= 0 && lo < 0) {
                            lo = 0;
                        }
                    }
                }
                // Round the free ends out to whole steps and keep that step for the ticks. Rounding out can add
                // two ticks; when that makes too many, the step for the rounded range is taken instead.
                double step = Ticks.step(lo, hi);
                double[] range = roundOut(lo, hi, step, fMin == null, fMax == null);
                if (Ticks.onGrid(range[0], range[1], step).length > 8) {
                    double coarser = Ticks.step(range[0], range[1]);
                    if (coarser > step) {
                        step = coarser;
                        range = roundOut(lo, hi, step, fMin == null, fMax == null);
                    }
                }
                lo = range[0];
                hi = range[1];
                double[] values = Ticks.onGrid(lo, hi, step);
                List<Double> ticks = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                double eps = (hi - lo) * 1e-9;
                for (double v : values) {
                    if (v >= lo - eps && v <= hi + eps) {
                        ticks.add(v);
                        labels.add(Ticks.format(v, step));
                    }
                }
                return new AxisPlan(lo, hi, toArray(ticks), labels.toArray(new String[0]));
            }
        }
    }

    /** {@code [lo, hi]} with the free ends moved out to the nearest multiple of {@code step}. */
    private static double[] roundOut(double lo, double hi, double step, boolean freeLo, boolean freeHi) {
        BigDecimal exact = BigDecimal.valueOf(step);
        if (freeLo) {
            lo = BigDecimal.valueOf(Math.floor(lo / step + 1e-9)).multiply(exact).doubleValue();
        }
        if (freeHi) {
            hi = BigDecimal.valueOf(Math.ceil(hi / step - 1e-9)).multiply(exact).doubleValue();
        }
        return new double[] {lo, hi};
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double px(double position) {
        return left + (position - xp.lo()) / (xp.hi() - xp.lo()) * (right - left);
    }

    private double py(double position) {
        return bottom - (position - yp.lo()) / (yp.hi() - yp.lo()) * (bottom - top);
    }

    // ---------------------------------------------------------------- layout

    private void layout() {
        width = chart.width();
        height = chart.height();
        top = PAD + (chart.title().isEmpty() ? 4 : TITLE_FONT + 14);
        double yTitleWidth = yAxis.label().isEmpty() ? 0 : AXIS_FONT + 8;
        yLabelWidth = 16;
        if (hasData) {
            for (String label : yp.labels()) {
                yLabelWidth = Math.max(yLabelWidth, textWidth(label, TICK_FONT));
            }
        }
        left = PAD + yTitleWidth + yLabelWidth + TICK_LENGTH + 4;
        double rightMargin = PAD + 4;
        if (hasData && !xAxis.categorical() && xp.labels().length > 0) {
            int last = xp.labels().length - 1;
            rightMargin = Math.max(rightMargin, textWidth(xp.labels()[last], TICK_FONT) / 2 + 4);
        }
        right = Math.max(left + MIN_PLOT_WIDTH, width - rightMargin);
        width = Math.max(width, right + rightMargin);

        xLabelHeight = hasData ? TICK_LENGTH + TICK_FONT + 6 : 8;
        if (hasData) {
            layoutXLabels();
        }
        xTitleHeight = xAxis.label().isEmpty() ? 0 : AXIS_FONT + 8;

        int rows = layoutLegend();
        double bottomMargin = xLabelHeight + xTitleHeight + (rows > 0 ? 8 + rows * LEGEND_ROW : 0) + PAD;
        bottom = height - bottomMargin;
        // A long legend makes the chart taller rather than squeezing the plot below half the asked height.
        double minPlotHeight = Math.max(MIN_PLOT_HEIGHT, chart.height() / 2.0);
        if (bottom - top < minPlotHeight) {
            bottom = top + minPlotHeight;
            height = bottom + bottomMargin;
        }
        if (hasData) {
            // In a short plot, label only every second (third, ...) y tick so the labels keep apart.
            double[] ticks = yp.ticks();
            double spacing = Double.POSITIVE_INFINITY;
            for (int i = 1; i < ticks.length; i++) {
                spacing = Math.min(spacing, Math.abs(py(ticks[i]) - py(ticks[i - 1])));
            }
            yLabelEvery = (int) Math.max(1, Math.ceil(TICK_FONT * 1.4 / spacing));
        }
    }

    /** Decides whether x tick labels are rotated and which ones are shown so that none overlap. */
    private void layoutXLabels() {
        String[] raw = xp.labels();
        xLabels = new String[raw.length];
        double widest = 0;
        for (int i = 0; i < raw.length; i++) {
            xLabels[i] = fit(raw[i], TICK_FONT, MAX_CATEGORY_LABEL);
            widest = Math.max(widest, textWidth(xLabels[i], TICK_FONT));
        }
        if (raw.length < 2) {
            return;
        }
        double perUnit = (right - left) / (xp.hi() - xp.lo());
        double spacing = Double.POSITIVE_INFINITY;
        for (int i = 1; i < raw.length; i++) {
            spacing = Math.min(spacing, (xp.ticks()[i] - xp.ticks()[i - 1]) * perUnit);
        }
        if (widest + 8 <= spacing) {
            return;
        }
        if (xAxis.categorical()) {
            // Rotated by -30 degrees, neighbouring labels are spacing * sin(30) apart across their baselines.
            rotateX = true;
            xLabelEvery = (int) Math.max(1, Math.ceil(TICK_FONT * 1.3 / (spacing * SIN30)));
            xLabelHeight = TICK_LENGTH + 6 + widest * SIN30 + TICK_FONT * COS30 + 4;
            // The first label runs down and to the left of its tick: keep it inside the chart.
            double firstTick = left + (xp.ticks()[0] - xp.lo()) * perUnit;
            double overflow = PAD - (firstTick - textWidth(xLabels[0], TICK_FONT) * COS30);
            if (overflow > 0) {
                left += overflow;
            }
        } else {
            xLabelEvery = (int) Math.ceil((widest + 8) / spacing);
        }
    }

    /** Places the legend items in rows under the x axis title; returns the number of rows. */
    private int layoutLegend() {
        double available = width - left - PAD;
        List<Series> all = chart.series();
        for (int i = 0; i < all.size(); i++) {
            addLegendItem(all.get(i).name(), chart.colorOf(i), all.get(i).style(), available);
        }
        Map<String, String> bandLabels = new LinkedHashMap<>();
        for (Band b : chart.bands()) {
            if (!b.label().isEmpty()) {
                bandLabels.putIfAbsent(b.label(), b.color());
            }
        }
        bandLabels.forEach((label, color) -> addLegendItem(label, color, null, available));
        if (legend.isEmpty()) {
            return 0;
        }
        int rows = 1;
        double x = 0;
        for (LegendItem item : legend) {
            if (x > 0 && x + item.width() > available) {
                rows++;
                x = 0;
            }
            x += item.width() + 18;
        }
        return rows;
    }

    private void addLegendItem(String name, String color, Style style, double available) {
        String label = fit(name, LEGEND_FONT, available - SWATCH - 6);
        legend.add(new LegendItem(label, color, style, SWATCH + 6 + textWidth(label, LEGEND_FONT)));
    }

    // ---------------------------------------------------------------- writing

    private void writeOpen() {
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
            double[] span = bandSpan(b);
            if (span == null) {
                continue;
            }
            out.append("<rect x=\"");
            num(span[0]).append("\" y=\"");
            num(top).append("\" width=\"");
            num(span[1] - span[0]).append("\" height=\"");
            num(bottom - top).append("\" fill=\"").append(escape(b.color())).append("\"/>\n");
        }
        out.append("</g>\n");
    }

    /** The band's left and right edge on screen, clamped to the plot; null when it is outside the plot. */
    private double[] bandSpan(Band b) {
        double from = edge(b.from());
        double to = edge(b.to());
        double x1 = Math.max(left, px(Math.max(from, xp.lo())));
        double x2 = Math.min(right, px(Math.min(to, xp.hi())));
        if (to < xp.lo() || from > xp.hi()) {
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
        double p = xAxis.scale().apply(v);
        if (!Double.isNaN(p)) {
            return p;
        }
        return xAxis.scale() == Scale.NINES && v >= 100 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private void writeGrid() {
        StringBuilder d = new StringBuilder();
        for (double t : yp.ticks()) {
            d.append('M');
            num(d, left).append(' ');
            num(d, py(t)).append('H');
            num(d, right);
        }
        for (double t : xp.ticks()) {
            d.append('M');
            num(d, px(t)).append(' ');
            num(d, top).append('V');
            num(d, bottom);
        }
        if (d.length() > 0) {
            out.append("<path class=\"cc-grid\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(GRID)
                    .append("\" stroke-width=\"1\"/>\n");
        }
    }

    private void writeRefLines() {
        for (RefLine r : chart.refLines()) {
            double y = refY(r);
            if (Double.isNaN(y)) {
                continue;
            }
            out.append("<path class=\"cc-ref\" d=\"M");
            num(left).append(' ');
            num(y).append('H');
            num(right).append("\" fill=\"none\" stroke=\"").append(REF).append("\" stroke-width=\"1.2\"/>\n");
        }
    }

    /** The screen y of a reference line, or NaN when it is outside the plot. */
    private double refY(RefLine r) {
        double p = yAxis.scale().apply(r.y());
        if (Double.isNaN(p) || p < yp.lo() - 1e-9 || p > yp.hi() + 1e-9) {
            return Double.NaN;
        }
        return py(p);
    }

    private void writeSeries() {
        out.append("<svg class=\"cc-plot\" x=\"");
        double x = left - CLIP_SLACK;
        double y = top - CLIP_SLACK;
        double w = right - left + 2 * CLIP_SLACK;
        double h = bottom - top + 2 * CLIP_SLACK;
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
            out.append("<g class=\"cc-series\"><title>").append(escape(series.name())).append("</title>");
            if (style != Style.DOTS) {
                String d = path(tx[s], ty[s], style == Style.STEP);
                if (!d.isEmpty()) {
                    out.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color)
                            .append('"');
                    strokeStyle(style);
                    out.append("/>");
                }
            }
            if (style == Style.DOTS || style == Style.LINE_AND_DOTS) {
                dots(tx[s], ty[s], color, style == Style.DOTS);
            }
            out.append("</g>\n");
        }
        out.append("</svg>\n");
    }

    private void strokeStyle(Style style) {
        switch (style) {
            case DASHED -> out.append(" stroke-width=\"2\" stroke-dasharray=\"7 4\"");
            case LINE_AND_DOTS -> out.append(" stroke-width=\"1.5\"").append(ROUND);
            default -> out.append(" stroke-width=\"2\"").append(ROUND);
        }
    }

    /**
     * One path through the drawable points, broken where a point is skipped. A STEP path goes horizontally to
     * the next x, then vertically to its y; at a gap its last step still runs to the x where the gap starts. A
     * point standing alone between gaps becomes a zero-length segment, which the round line cap shows as a
     * dot.
     */
    String path(double[] xs, double[] ys, boolean step) {
        StringBuilder d = new StringBuilder(xs.length * 12);
        int run = 0;
        for (int i = 0; i < xs.length; i++) {
            boolean drawable = !Double.isNaN(ys[i]) && !Double.isNaN(xs[i]);
            if (!drawable) {
                if (run > 0 && step && !Double.isNaN(xs[i])) {
                    d.append('H');
                    num(d, px(xs[i]));
                    run++;
                } else if (run == 1) {
                    d.append("h0");
                }
                run = 0;
                continue;
            }
            double sx = px(xs[i]);
            double sy = py(ys[i]);
            if (run == 0) {
                d.append('M');
                num(d, sx).append(' ');
                num(d, sy);
            } else if (step) {
                d.append('H');
                num(d, sx).append('V');
                num(d, sy);
            } else {
                d.append(run == 1 ? 'L' : ' ');
                num(d, sx).append(' ');
                num(d, sy);
            }
            run++;
        }
        if (run == 1) {
            d.append("h0");
        }
        return d.toString();
    }

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
            num(px(xs[i])).append("\" cy=\"");
            num(py(ys[i])).append("\" r=\"").append(r).append("\"/>");
        }
        out.append("</g>");
    }

    private void writeAxes() {
        StringBuilder d = new StringBuilder("M");
        num(d, left).append(' ');
        num(d, top).append('V');
        num(d, bottom).append('H');
        num(d, right);
        for (double t : yp.ticks()) {
            d.append('M');
            num(d, left).append(' ');
            num(d, py(t)).append("h-4");
        }
        for (double t : xp.ticks()) {
            d.append('M');
            num(d, px(t)).append(' ');
            num(d, bottom).append("v4");
        }
        out.append("<path class=\"cc-axes\" d=\"").append(d)
                .append("\" fill=\"none\" stroke=\"").append(AXIS).append("\" stroke-width=\"1\"/>\n");

        out.append("<g class=\"cc-y-ticks\" text-anchor=\"end\" fill=\"").append(MUTED).append("\">");
        for (int i = 0; i < yp.ticks().length; i += yLabelEvery) {
            out.append("<text x=\"");
            num(left - TICK_LENGTH - 3).append("\" y=\"");
            num(py(yp.ticks()[i])).append("\" dy=\"0.32em\">").append(escape(yp.labels()[i])).append("</text>");
        }
        out.append("</g>\n");

        out.append("<g class=\"cc-x-ticks\" text-anchor=\"").append(rotateX ? "end" : "middle").append("\" fill=\"")
                .append(MUTED).append("\">");
        for (int i = 0; i < xp.ticks().length; i += xLabelEvery) {
            double x = px(xp.ticks()[i]);
            if (rotateX) {
                double ty = bottom + TICK_LENGTH + 8;
                out.append("<text x=\"");
                num(x).append("\" y=\"");
                num(ty).append("\" transform=\"rotate(-30 ");
                num(x).append(' ');
                num(ty).append(")\">");
            } else {
                out.append("<text x=\"");
                num(x).append("\" y=\"");
                num(bottom + TICK_LENGTH + TICK_FONT + 2).append("\">");
            }
            out.append(escape(xLabels[i])).append("</text>");
        }
        out.append("</g>\n");
    }

    private void writeBandLabels() {
        for (Band b : chart.bands()) {
            double[] span = bandSpan(b);
            if (span == null || b.label().isEmpty()) {
                continue;
            }
            String label = fit(b.label(), NOTE_FONT, right - left - 8);
            double w = textWidth(label, NOTE_FONT);
            boolean fitsRight = span[0] + 4 + w <= right - 2;
            out.append("<text class=\"cc-band-label\" x=\"");
            num(fitsRight ? span[0] + 4 : Math.max(left + 4 + w, span[1] - 4)).append("\" y=\"");
            num(top + NOTE_FONT + 3).append("\" font-size=\"").append(Svg.num(NOTE_FONT)).append('"')
                    .append(fitsRight ? "" : " text-anchor=\"end\"").append(" fill=\"").append(MUTED).append('"')
                    .append(HALO).append('>').append(escape(label)).append("</text>\n");
        }
    }

    private void writeRefLabels() {
        for (RefLine r : chart.refLines()) {
            double y = refY(r);
            if (Double.isNaN(y) || r.label().isEmpty()) {
                continue;
            }
            // Above the line, or below it when the line runs along the top of the plot.
            double baseline = y - 4 - NOTE_FONT < top ? y + NOTE_FONT + 3 : y - 4;
            out.append("<text class=\"cc-ref-label\" x=\"");
            num(right - 4).append("\" y=\"");
            num(baseline).append("\" font-size=\"").append(Svg.num(NOTE_FONT)).append("\" text-anchor=\"end\" fill=\"")
                    .append(REF).append('"').append(HALO).append('>')
                    .append(escape(fit(r.label(), NOTE_FONT, right - left - 8))).append("</text>\n");
        }
    }

    private void writeNoData() {
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

    private void writeAxisTitles() {
        String xTitle = xAxis.label();
        if (!xTitle.isEmpty()) {
            out.append("<text class=\"cc-x-title\" x=\"");
            num((left + right) / 2).append("\" y=\"");
            num(bottom + xLabelHeight + AXIS_FONT + 1).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(Svg.num(AXIS_FONT)).append("\">")
                    .append(escape(fit(xTitle, AXIS_FONT, width - 2 * PAD))).append("</text>\n");
        }
        String yTitle = yAxis.label();
        if (!yTitle.isEmpty()) {
            // Rotated by -90 degrees, screen (sx, sy) is (x = -sy, y = sx).
            out.append("<text class=\"cc-y-title\" transform=\"rotate(-90)\" x=\"");
            num(-(top + bottom) / 2).append("\" y=\"");
            // Its baseline sits just left of the widest tick label, wherever the plot's left edge ended up.
            num(left - TICK_LENGTH - 4 - yLabelWidth - 5).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(Svg.num(AXIS_FONT)).append("\">")
                    .append(escape(fit(yTitle, AXIS_FONT, bottom - top + 20))).append("</text>\n");
        }
    }

    private void writeLegend() {
        if (legend.isEmpty()) {
            return;
        }
        double available = width - left - PAD;
        double rowTop = bottom + xLabelHeight + xTitleHeight + 8;
        double x = 0;
        out.append("<g class=\"cc-legend\" font-size=\"").append(Svg.num(LEGEND_FONT)).append("\">\n");
        for (LegendItem item : legend) {
            if (x > 0 && x + item.width() > available) {
                rowTop += LEGEND_ROW;
                x = 0;
            }
            double sx = left + x;
            double cy = rowTop + LEGEND_ROW / 2;
            swatch(item, sx, cy);
            out.append("<text x=\"");
            num(sx + SWATCH + 6).append("\" y=\"");
            num(cy).append("\" dy=\"0.35em\">").append(escape(item.label())).append("</text>\n");
            x += item.width() + 18;
        }
        out.append("</g>\n");
    }

    private void swatch(LegendItem item, double x, double cy) {
        String color = escape(item.color());
        if (item.style() == null) {
            out.append("<rect x=\"");
            num(x).append("\" y=\"");
            num(cy - 6).append("\" width=\"").append((int) SWATCH).append("\" height=\"12\" fill=\"").append(color)
                    .append("\" fill-opacity=\"").append(BAND_OPACITY * 2).append("\"/>");
            return;
        }
        StringBuilder d = new StringBuilder("M");
        switch (item.style()) {
            case STEP -> {
                num(d, x).append(' ');
                num(d, cy + 4).append("h8v-8h8v5h8");
            }
            case DOTS -> d.setLength(0);
            default -> {
                num(d, x).append(' ');
                num(d, cy).append('h').append((int) SWATCH);
            }
        }
        if (d.length() > 0) {
            out.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color).append('"');
            strokeStyle(item.style());
            out.append("/>");
        }
        if (item.style() == Style.DOTS || item.style() == Style.LINE_AND_DOTS) {
            out.append("<circle cx=\"");
            num(x + SWATCH / 2).append("\" cy=\"");
            num(cy).append("\" r=\"").append(item.style() == Style.DOTS ? "4" : "3").append("\" fill=\"")
                    .append(color).append("\"/>");
        }
    }

    private StringBuilder num(double v) {
        return Svg.num(out, v);
    }

    private static StringBuilder num(StringBuilder b, double v) {
        return Svg.num(b, v);
    }
}
