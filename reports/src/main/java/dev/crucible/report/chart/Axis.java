package dev.crucible.report.chart;

import java.util.List;
import java.util.Objects;

/**
 * One axis of a chart: its title and unit, its {@link Scale}, optional forced bounds and, for a categorical
 * axis, the category names. Build one with {@link #linear}, {@link #log}, {@link #nines} or
 * {@link #categories} and force bounds with {@link #withMin} and {@link #withMax}.
 *
 * <p>On a categorical axis category {@code i} sits at {@code x = i} (data x values are category indices); its
 * ticks are labelled with the names and the axis is padded by half a step on each side.
 *
 * @param title      the axis title; null is taken as empty
 * @param unit       the unit, shown as {@code "title (unit)"}; null or empty for none
 * @param scale      how values map to positions; null is taken as {@link Scale#LINEAR}
 * @param min        the forced lower bound in data units, or null to take it from the data
 * @param max        the forced upper bound in data units, or null to take it from the data
 * @param categories the category names for a categorical axis, or empty; null is taken as empty
 */
public record Axis(String title, String unit, Scale scale, Double min, Double max, List<String> categories) {

    /**
     * Fills in defaults and checks the bounds against each other and the scale.
     *
     * @param title the axis title
     * @param unit the unit, or empty
     * @param scale how values map to positions
     * @param min the forced lower bound, or null
     * @param max the forced upper bound, or null
     * @param categories the category names, or empty
     */
    public Axis {
        title = title == null ? "" : title;
        unit = unit == null ? "" : unit;
        scale = scale == null ? Scale.LINEAR : scale;
        categories = categories == null ? List.of() : categories.stream().map(c -> c == null ? "" : c).toList();
        if (!categories.isEmpty() && scale != Scale.LINEAR) {
            throw new IllegalArgumentException("a categorical axis is linear, not " + scale);
        }
        checkBound("min", min, scale);
        checkBound("max", max, scale);
        if (min != null && max != null && !(min < max)) {
            throw new IllegalArgumentException("axis '" + title + "': min " + min + " is not below max " + max);
        }
    }

    private static void checkBound(String which, Double v, Scale scale) {
        if (v == null) {
            return;
        }
        if (Double.isNaN(scale.apply(v))) {
            throw new IllegalArgumentException(which + " " + v + " cannot be shown on a " + scale + " axis");
        }
    }

    /**
     * A linear axis with its bounds taken from the data.
     *
     * @param title the axis title
     * @param unit  the unit, or empty
     * @return the axis
     */
    public static Axis linear(String title, String unit) {
        return new Axis(title, unit, Scale.LINEAR, null, null, List.of());
    }

    /**
     * A log10 axis with decade ticks; non-positive values are skipped.
     *
     * @param title the axis title
     * @param unit  the unit, or empty
     * @return the axis
     */
    public static Axis log(String title, String unit) {
        return new Axis(title, unit, Scale.LOG10, null, null, List.of());
    }

    /**
     * A percentile axis where each "nine" gets the same width, labelled 0%, 90%, 99%, 99.9%, ... It starts at
     * 0 and ends at the next whole nine at or above the largest percentile in the data.
     *
     * @param title the axis title, e.g. {@code "Percentile"}
     * @return the axis
     */
    public static Axis nines(String title) {
        return new Axis(title, "", Scale.NINES, null, null, List.of());
    }

    /**
     * A categorical axis: data x value {@code i} is category {@code names.get(i)}.
     *
     * @param title the axis title
     * @param names the category names, in order
     * @return the axis
     */
    public static Axis categories(String title, List<String> names) {
        Objects.requireNonNull(names, "names");
        return new Axis(title, "", Scale.LINEAR, null, null, names);
    }

    /**
     * This axis with its lower bound forced (e.g. a y axis from 0).
     *
     * @param value the lower bound in data units
     * @return a copy with the bound set
     */
    public Axis withMin(double value) {
        return new Axis(title, unit, scale, value, max, categories);
    }

    /**
     * This axis with its upper bound forced.
     *
     * @param value the upper bound in data units
     * @return a copy with the bound set
     */
    public Axis withMax(double value) {
        return new Axis(title, unit, scale, min, value, categories);
    }

    /**
     * The text drawn along the axis: the title followed by the unit in parentheses when there is one.
     *
     * @return e.g. {@code "Latency (ms)"}
     */
    public String label() {
        if (unit.isEmpty()) {
            return title;
        }
        return title.isEmpty() ? "(" + unit + ")" : title + " (" + unit + ")";
    }

    /**
     * Whether this axis has category names.
     *
     * @return true for a categorical axis
     */
    public boolean categorical() {
        return !categories.isEmpty();
    }
}
