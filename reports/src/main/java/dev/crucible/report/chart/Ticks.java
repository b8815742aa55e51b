package dev.crucible.report.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions and tick labels: "nice" linear ticks on 1-2-2.5-5 steps, log10 decades, percentile "nines",
 * and compact number formatting (0, 0.5, 2.5, 10, 1k, 20k, 1.5M) without floating-point noise.
 */
public final class Ticks {

    private static final double[] MANTISSAS = {1, 2, 2.5, 5};
    private static final int PREFERRED_COUNT = 6;
    private static final int MIN_COUNT = 5;
    private static final int MAX_COUNT = 8;
    /** Beyond this many steps from zero a double can no longer tell neighbouring ticks apart reliably. */
    private static final double MAX_STEPS_FROM_ZERO = 1e15;
    private static final String[] SUFFIXES = {"", "k", "M", "G", "T"};

    private Ticks() {
    }

    /**
     * The step between the linear ticks of {@code [min, max]}: one of 1, 2, 2.5 or 5 times a power of ten,
     * chosen so that 5 to 8 ticks fall in the range where any step allows it (6 preferred, 2.5 only when it is
     * strictly better, otherwise the larger step on a tie); a few ranges can only get 4 or 9. When
     * {@code min == max} the range is first widened as in {@link #linear}.
     *
     * @param min one end of the range
     * @param max the other end
     * @return the step, positive; NaN when either end is not finite
     */
    public static double step(double min, double max) {
        double[] r = range(min, max);
        if (r == null) {
            return Double.NaN;
        }
        return bestStep(r[0], r[1]).doubleValue();
    }

    private static BigDecimal bestStep(double lo, double hi) {
        double span = hi - lo;
        int e0 = (int) Math.floor(Math.log10(span / PREFERRED_COUNT));
        BigDecimal best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int e = e0 - 1; e <= e0 + 1; e++) {
            for (double m : MANTISSAS) {
                BigDecimal step = BigDecimal.valueOf(m).scaleByPowerOfTen(e);
                double s = step.doubleValue();
                if (!(s > 0) || Double.isInfinite(s)) {
                    continue;
                }
                long count = (long) Math.floor(hi / s + 1e-9) - (long) Math.ceil(lo / s - 1e-9) + 1;
                // Off the 5..8 range only when no step lands in it; 2.5 loses ties to the rounder 1, 2 and 5.
                double score = Math.abs(count - PREFERRED_COUNT) + (count < MIN_COUNT || count > MAX_COUNT ? 100 : 0)
                        + (m == 2.5 ? 0.5 : 0);
                if (score < bestScore || score == bestScore && step.compareTo(best) > 0) {
                    best = step;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    /**
     * Nice linear ticks within {@code [min, max]} (the ends may be given in either order), on the step of
     * {@link #step}. When {@code min == max} the range is widened by one unit of the value's magnitude on each
     * side (3 becomes 2..4, 0 becomes -1..1) so the value itself gets ticks around it. Tick values are exact
     * decimals (0.3, not 0.30000000000000004).
     *
     * @param min one end of the range
     * @param max the other end
     * @return the ticks in ascending order; empty when an end is not finite; just the two ends when the range
     *     is too large or too narrow for a double to hold distinct ticks
     */
    public static double[] linear(double min, double max) {
        double[] r = range(min, max);
        if (r == null) {
            return new double[0];
        }
        double lo = r[0];
        double hi = r[1];
        if (!Double.isFinite(hi - lo)) {
            return new double[] {lo, hi};
        }
        return onGrid(lo, hi, bestStep(lo, hi).doubleValue());
    }

    /**
     * The multiples of {@code step} within {@code [lo, hi]} (with a tolerance of a billionth of a step), as
     * exact decimals; just the two ends when there would be more than 10,000 or a double cannot hold them
     * apart.
     */
    static double[] onGrid(double lo, double hi, double step) {
        if (!(step > 0) || Math.max(Math.abs(lo), Math.abs(hi)) / step > MAX_STEPS_FROM_ZERO
                || (hi - lo) / step > 10_000) {
            return new double[] {lo, hi};
        }
        BigDecimal exact = BigDecimal.valueOf(step);
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        double[] ticks = new double[(int) Math.max(0, last - first + 1)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = BigDecimal.valueOf(first + i).multiply(exact).doubleValue();
        }
        return ticks;
    }

    /** The range ordered and, when empty, widened; null when an end is not finite. */
    private static double[] range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return null;
        }
        double lo = Math.min(min, max);
        double hi = Math.max(min, max);
        if (lo == hi) {
            double unit = magnitude(lo);
            lo -= unit;
            hi += unit;
        }
        return new double[] {lo, hi};
    }

    /** The power of ten at or below {@code |v|}, or 1 for 0. */
    static double magnitude(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return 1;
        }
        return decade((int) Math.floor(Math.log10(Math.abs(v))));
    }

    /** {@code 10^k} as the double nearest to the exact decimal. */
    static double decade(int k) {
        return Double.parseDouble("1e" + k);
    }

    /**
     * Ticks for a log10 axis: the powers of ten from the one at or below {@code min} to the one at or above
     * {@code max}. Over more than 8 decades only every second, third, ... decade is kept; over at most 2
     * decades the 2x and 5x multiples are added so there are enough ticks to read.
     *
     * @param min the smallest value, positive
     * @param max the largest value, positive
     * @return the ticks in ascending order; empty when an end is not positive and finite
     */
    public static double[] log10(double min, double max) {
        if (!(min > 0) || !(max > 0) || !Double.isFinite(min) || !Double.isFinite(max)) {
            return new double[0];
        }
        int lo = (int) Math.floor(Math.log10(Math.min(min, max)));
        int hi = (int) Math.ceil(Math.log10(Math.max(min, max)));
        if (hi == lo) {
            hi++;
        }
        int span = hi - lo;
        List<Double> ticks = new ArrayList<>();
        if (span <= 2) {
            for (int k = lo; k <= hi; k++) {
                ticks.add(decade(k));
                if (k < hi) {
                    ticks.add(Double.parseDouble("2e" + k));
                    ticks.add(Double.parseDouble("5e" + k));
                }
            }
        } else {
            int every = (span + MAX_COUNT - 1) / MAX_COUNT;
            int start = Math.floorDiv(lo, every) * every;
            for (int k = start; k <= hi; k += every) {
                if (k >= lo) {
                    ticks.add(decade(k));
                }
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Ticks for a {@link Scale#NINES} axis: 0, 90, 99, 99.9, ... up to the first one at or above
     * {@code maxPercentile} (at least 90, at most 15 nines).
     *
     * @param maxPercentile the largest percentile to cover
     * @return the percentiles in ascending order
     */
    public static double[] nines(double maxPercentile) {
        List<Double> ticks = new ArrayList<>();
        ticks.add(0.0);
        for (int n = 1; n <= 15; n++) {
            double p = BigDecimal.valueOf(100).subtract(BigDecimal.ONE.scaleByPowerOfTen(2 - n)).doubleValue();
            ticks.add(p);
            if (!(p < maxPercentile)) {
                break;
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * A percentile as a tick label: {@code "0%"}, {@code "99%"}, {@code "99.99%"}.
     *
     * @param p the percentile
     * @return the label
     */
    public static String percentile(double p) {
        if (!Double.isFinite(p)) {
            return nonFinite(p);
        }
        return plain(BigDecimal.valueOf(p).round(new MathContext(12))) + "%";
    }

    /**
     * A value in compact form with at most 4 significant digits: {@code 0}, {@code 0.5}, {@code 2.5},
     * {@code 10}, {@code 1k}, {@code 1.235M}; scientific ({@code 1e-6}, {@code 2.5e15}) below 0.0001 and from
     * 10^15. A value formatted this way reads back to within 0.05% of the original.
     *
     * @param v the value
     * @return its label; {@code "NaN"}, {@code "∞"} or {@code "-∞"} when not finite
     */
    public static String format(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        return compact(BigDecimal.valueOf(v).round(new MathContext(4)));
    }

    /**
     * A tick value on a grid of {@code step} in compact form, with exactly as many digits as the step needs so
     * neighbouring ticks never print alike: on a step of 0.2, 0.30000000000000004 prints as {@code 0.3}; on a
     * step of 200, 1000200 prints as {@code 1.0002M}.
     *
     * @param v    the tick value
     * @param step the distance between ticks, positive
     * @return its label
     */
    public static String format(double v, double step) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        if (!(step > 0) || !Double.isFinite(step)) {
            return format(v);
        }
        // The decimal position of the step's last significant digit (2.5e3 -> hundreds) is where to round.
        int scale = BigDecimal.valueOf(step).round(new MathContext(6)).stripTrailingZeros().scale();
        return compact(BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_EVEN));
    }

    private static String compact(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        double a = Math.abs(d.doubleValue());
        if (a < 1e-4 || a >= 1e15) {
            int exponent = d.precision() - d.scale() - 1;
            return plain(d.movePointLeft(exponent)) + "e" + exponent;
        }
        int group = 0;
        while (group + 1 < SUFFIXES.length && a >= Math.pow(1000, group + 1)) {
            group++;
        }
        return plain(d.movePointLeft(3 * group)) + SUFFIXES[group];
    }

    private static String plain(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "∞" : "-∞";
    }
}
