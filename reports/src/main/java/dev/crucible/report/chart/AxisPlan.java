package dev.crucible.report.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The visible range of one axis, in scale positions, with its ticks and their labels. Planned from the extent
 * of the data by {@link #of}; the arrays are copied on the way in and out.
 *
 * @param lo     the lower end of the axis, in scale positions
 * @param hi     the upper end, above {@code lo}
 * @param ticks  tick positions inside {@code [lo, hi]}, ascending
 * @param labels the label of each tick
 */
record AxisPlan(double lo, double hi, double[] ticks, String[] labels) {

    /**
     * Copies the arrays.
     *
     * @param lo the lower end
     * @param hi the upper end
     * @param ticks the tick positions
     * @param labels their labels
     */
    AxisPlan {
        ticks = ticks.clone();
        labels = labels.clone();
    }

    @Override
    public double[] ticks() {
        return ticks.clone();
    }

    @Override
    public String[] labels() {
        return labels.clone();
    }

    /**
     * Plans an axis from the extent of the data in scale positions: forced bounds win; otherwise linear axes
     * are rounded out to a tick (a value axis first padded by 5%, not below 0 when all data is non-negative),
     * log axes to whole decades and nines axes from 0 to the next whole nine.
     *
     * @param axis        the axis
     * @param dataLo      the smallest data position on its scale
     * @param dataHi      the largest
     * @param valueAxis   whether it is the y axis (padded, unlike x)
     * @param nonNegative whether every value on it is at least 0
     * @return the plan
     */
    static AxisPlan of(Axis axis, double dataLo, double dataHi, boolean valueAxis, boolean nonNegative) {
        if (axis.categorical()) {
            return categorical(axis);
        }
        return switch (axis.scale()) {
            case LOG10 -> log10(axis, dataLo, dataHi);
            case NINES -> nines(axis, dataHi);
            default -> linear(axis, dataLo, dataHi, valueAxis, nonNegative);
        };
    }

    /** Half a step beyond the first and last category, a tick labelled with its name on each one. */
    private static AxisPlan categorical(Axis axis) {
        Double fMin = axis.min();
        Double fMax = axis.max();
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

    /** Whole decades around the data, a tick on each. */
    private static AxisPlan log10(Axis axis, double dataLo, double dataHi) {
        Double fMin = axis.min();
        Double fMax = axis.max();
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

    /** From p0 to the next whole nine at or above the data, a tick on each nine. */
    private static AxisPlan nines(Axis axis, double dataHi) {
        Scale scale = axis.scale();
        Double fMin = axis.min();
        Double fMax = axis.max();
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

    /** The data range (a value axis padded), widened when flat, its free ends rounded out to whole steps. */
    private static AxisPlan linear(Axis axis, double dataLo, double dataHi, boolean valueAxis, boolean nonNegative) {
        Double fMin = axis.min();
        Double fMax = axis.max();
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
            double[] wide = widen(lo, hi, fMin != null, fMax != null, nonNegative);
            lo = wide[0];
            hi = wide[1];
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

    /**
     * An empty range {@code [lo, hi]} made as wide as the magnitude of its value: away from a forced end, or
     * around the value (not below 0 for non-negative data).
     */
    private static double[] widen(double lo, double hi, boolean forcedLo, boolean forcedHi, boolean nonNegative) {
        if (forcedLo && !forcedHi) {
            return new double[] {lo, lo + Ticks.magnitude(lo)};
        }
        if (forcedHi && !forcedLo) {
            return new double[] {hi - Ticks.magnitude(hi), hi};
        }
        double unit = Ticks.magnitude(lo);
        double mid = lo;
        double wideLo = mid - unit;
        if (nonNegative && mid >= 0 && wideLo < 0) {
            wideLo = 0;
        }
        return new double[] {wideLo, mid + unit};
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
}
