package dev.crucible.report.chart;

/**
 * The fixed look of every chart: the font sizes and spacings (in viewBox units) that {@link Layout} reserves
 * room for and {@link Painter} draws with, and the colours of everything that is not data.
 */
final class Theme {

    /** Outer margin of the chart. */
    static final double PAD = 12;
    static final double TITLE_FONT = 15;
    static final double AXIS_FONT = 12;
    static final double TICK_FONT = 11;
    static final double LEGEND_FONT = 12;
    /** Band and reference line labels. */
    static final double NOTE_FONT = 10.5;
    /** Tick marks are 4 units long (written literally as {@code h-4} and {@code v4} in paths). */
    static final double TICK_LENGTH = 4;
    static final double LEGEND_ROW = 20;
    /** Width of a legend swatch. */
    static final double SWATCH = 24;

    static final String FONT_STACK = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"DejaVu Sans\", sans-serif";
    static final String TEXT = "#222";
    static final String MUTED = "#555";
    static final String GRID = "#e6e6e6";
    static final String AXIS = "#8c8c8c";
    static final String REF = "#444";
    /** A white outline behind a label, so it stays legible over lines and bands. */
    static final String HALO = " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\"";
    static final String ROUND = " stroke-linejoin=\"round\" stroke-linecap=\"round\"";
    static final double BAND_OPACITY = 0.16;

    private Theme() {
    }
}
