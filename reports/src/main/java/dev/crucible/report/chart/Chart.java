package dev.crucible.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chart rendered on the server to one self-contained SVG element, for an HTML report that must open offline:
 * no fonts, scripts, images or style sheets are referenced, text stays searchable {@code <text>}, and the
 * element scales to its container's width ({@code width="100%"} over a fixed {@code viewBox}).
 *
 * <p>Every chart has a title, axis titles with units, tick labels, light gridlines and a legend below the
 * plot naming each series and band. Non-finite values are skipped (a line breaks there); a chart without
 * any drawable point renders a frame saying "no data".
 *
 * <pre>{@code
 * String svg = Chart.of("Latency spectrum", Axis.nines("Percentile"), Axis.log("Latency", "ms"))
 *         .add(Series.line("run A", percentiles, millis))
 *         .svg();
 * }</pre>
 *
 * <p>A chart is a mutable builder and not thread-safe; {@link #svg()} does not change it and may be called
 * again.
 */
public final class Chart {

    /** The default width in viewBox units. */
    public static final int DEFAULT_WIDTH = 720;
    /** The default height in viewBox units. */
    public static final int DEFAULT_HEIGHT = 320;

    /**
     * Series colours by index: the Okabe-Ito colour-blind-safe palette, ordered for contrast on white (its
     * yellow last).
     */
    public static final List<String> PALETTE = List.of(
            "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442");

    private final String title;
    private final Axis x;
    private final Axis y;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<RefLine> refLines = new ArrayList<>();
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;

    private Chart(String title, Axis x, Axis y) {
        this.title = title == null ? "" : title;
        this.x = Objects.requireNonNull(x, "x axis");
        this.y = Objects.requireNonNull(y, "y axis");
    }

    /**
     * Starts a chart.
     *
     * @param title the chart title, also the SVG's accessible {@code <title>}
     * @param x     the horizontal axis
     * @param y     the vertical axis
     * @return an empty chart, 720 x 320 viewBox units
     */
    public static Chart of(String title, Axis x, Axis y) {
        return new Chart(title, x, y);
    }

    /**
     * Adds a series; its palette colour is chosen by its index among the series added.
     *
     * @param s the series
     * @return this chart
     */
    public Chart add(Series s) {
        series.add(Objects.requireNonNull(s, "series"));
        return this;
    }

    /**
     * Adds a shaded x range, drawn behind the series.
     *
     * @param b the band
     * @return this chart
     */
    public Chart band(Band b) {
        bands.add(Objects.requireNonNull(b, "band"));
        return this;
    }

    /**
     * Adds a horizontal reference line.
     *
     * @param r the line
     * @return this chart
     */
    public Chart refLine(RefLine r) {
        refLines.add(Objects.requireNonNull(r, "reference line"));
        return this;
    }

    /**
     * Sets the size of the viewBox (the SVG scales to its container's width, keeping this aspect ratio). The
     * height may grow when the legend needs more rows than fit.
     *
     * @param widthPx  the width, 200 to 10000
     * @param heightPx the height, 120 to 10000
     * @return this chart
     */
    public Chart size(int widthPx, int heightPx) {
        if (widthPx < 200 || widthPx > 10_000 || heightPx < 120 || heightPx > 10_000) {
            throw new IllegalArgumentException("chart size " + widthPx + " x " + heightPx
                    + " is outside 200..10000 x 120..10000");
        }
        this.width = widthPx;
        this.height = heightPx;
        return this;
    }

    /**
     * Renders the chart.
     *
     * @return the whole {@code <svg>} element, ready to inline into HTML
     */
    public String svg() {
        return Painter.svg(this, Layout.of(this));
    }

    String title() {
        return title;
    }

    Axis xAxis() {
        return x;
    }

    Axis yAxis() {
        return y;
    }

    List<Series> series() {
        return series;
    }

    List<Band> bands() {
        return bands;
    }

    List<RefLine> refLines() {
        return refLines;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The colour series {@code index} is drawn in. */
    String colorOf(int index) {
        Series s = series.get(index);
        return s.color() != null ? s.color() : PALETTE.get(index % PALETTE.size());
    }
}
