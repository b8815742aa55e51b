package dev.crucible.report.chart;

/**
 * One placed legend entry: a swatch at {@code x} and its text beside it, both centred on {@code cy}.
 *
 * @param label the text, already cut to fit
 * @param color the CSS colour of the swatch
 * @param style how the swatch is drawn: as the series' line or dots, or null for a band's shaded box
 * @param x     the left edge of the swatch
 * @param cy    the vertical centre of the row
 */
record LegendEntry(String label, String color, Style style, double x, double cy) {
}
