package dev.crucible.report.chart;

/**
 * A shaded, semi-transparent range of x (a warm-up, a fault window). Its label is shown at the top of the band
 * and listed once in the legend per distinct label.
 *
 * @param from  where the band starts, in x data units (for a categorical axis: category indices)
 * @param to    where the band ends; {@code from} and {@code to} are swapped when given in reverse
 * @param label the band's name; null is taken as empty (no label, no legend entry)
 * @param color a CSS colour such as {@code #999999}; null takes a neutral grey
 */
public record Band(double from, double to, String label, String color) {

    /** The colour of a band given without one. */
    static final String DEFAULT_COLOR = "#8c8c8c";

    /**
     * Checks that both ends are finite, orders them and fills in null label and colour.
     *
     * @param from where the band starts
     * @param to where it ends
     * @param label its name, or null
     * @param color its CSS colour, or null
     */
    public Band {
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("band ends must be finite: " + from + " .. " + to);
        }
        if (from > to) {
            double t = from;
            from = to;
            to = t;
        }
        label = label == null ? "" : label;
        color = color == null || color.isBlank() ? DEFAULT_COLOR : color;
    }

    /**
     * A band in the default grey.
     *
     * @param from  where the band starts
     * @param to    where it ends
     * @param label its name
     * @return the band
     */
    public static Band of(double from, double to, String label) {
        return new Band(from, to, label, null);
    }
}
