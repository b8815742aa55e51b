package dev.crucible.report.chart;

/**
 * A horizontal reference line across the plot (e.g. {@code ratio = 1.0}), drawn thin and dark grey and
 * labelled at its right end. Its value is included in the y extent so it stays visible.
 *
 * @param y     the value on the y axis, finite
 * @param label the text shown at the right end of the line; null is taken as empty
 */
public record RefLine(double y, String label) {

    /**
     * Checks that {@code y} is finite and replaces a null label with an empty one.
     *
     * @param y the value on the y axis
     * @param label the text at its right end, or null
     */
    public RefLine {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("reference line value must be finite: " + y);
        }
        label = label == null ? "" : label;
    }
}
