package dev.crucible.report.chart;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named set of points. Points whose x or y is NaN, infinite or outside the axis scale are skipped and
 * break the line there. The arrays are copied on the way in and out.
 *
 * @param name  the name shown in the legend; null is taken as empty
 * @param x     the x values (for a categorical axis: category indices)
 * @param y     the y values, as many as {@code x}
 * @param style how the series is drawn; null is taken as {@link Style#LINE}
 * @param color a CSS colour such as {@code #0072B2}; null takes the chart's palette colour for the series'
 *              index
 */
public record Series(String name, double[] x, double[] y, Style style, String color) {

    /**
     * Checks that x and y are present and of equal length, copies them and fills in defaults.
     *
     * @param name the legend name, or null
     * @param x the x values
     * @param y the y values
     * @param style how to draw it, or null
     * @param color its CSS colour, or null
     */
    public Series {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        name = name == null ? "" : name;
        x = x.clone();
        y = y.clone();
        style = style == null ? Style.LINE : style;
        color = color == null || color.isBlank() ? null : color;
    }

    /**
     * A series in the given style, coloured from the chart's palette.
     *
     * @param name  the legend name
     * @param x     the x values
     * @param y     the y values
     * @param style how to draw it
     * @return the series
     */
    public static Series of(String name, double[] x, double[] y, Style style) {
        return new Series(name, x, y, style, null);
    }

    /**
     * A solid line coloured from the chart's palette.
     *
     * @param name the legend name
     * @param x    the x values
     * @param y    the y values
     * @return the series
     */
    public static Series line(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.LINE, null);
    }

    /**
     * This series with another colour.
     *
     * @param cssColor a CSS colour, or null for the palette's
     * @return a copy with the colour replaced
     */
    public Series withColor(String cssColor) {
        return new Series(name, x, y, style, cssColor);
    }

    /**
     * The x values.
     *
     * @return a copy of the x values
     */
    @Override
    public double[] x() {
        return x.clone();
    }

    /**
     * The y values.
     *
     * @return a copy of the y values
     */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** The number of points. */
    int size() {
        return x.length;
    }

    /** The x value of point {@code i}, without copying the array. */
    double xAt(int i) {
        return x[i];
    }

    /** The y value of point {@code i}, without copying the array. */
    double yAt(int i) {
        return y[i];
    }

    /**
     * Equal when name, style, colour and every value are equal.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && style == s.style && Objects.equals(color, s.color)
                && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
    }

    /**
     * A hash over name, style, colour and values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(name, style, color, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    /**
     * The name, style, colour and point count (not the values).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Series[name=" + name + ", points=" + x.length + ", style=" + style + ", color=" + color + "]";
    }
}
