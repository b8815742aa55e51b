package dev.crucible.report.chart;

/** How an axis maps data values to positions along it. */
public enum Scale {
    /** Positions are the values themselves. */
    LINEAR,
    /** Positions are {@code log10(v)}; non-positive values are skipped. */
    LOG10,
    /**
     * Values are percentiles {@code p} in {@code [0, 100)} and positions are {@code log10(1 / (1 - p / 100))}:
     * 0 at p0, 1 at p90, 2 at p99, 3 at p99.9 and so on, so every extra "nine" gets the same width. Values
     * outside {@code [0, 100)} are skipped.
     */
    NINES;

    /**
     * Maps a data value to its position on this scale, or NaN when the value cannot be shown (not finite,
     * non-positive on {@link #LOG10}, outside {@code [0, 100)} on {@link #NINES}).
     */
    double apply(double v) {
        if (!Double.isFinite(v)) {
            return Double.NaN;
        }
        switch (this) {
            case LOG10:
                return v > 0 ? Math.log10(v) : Double.NaN;
            case NINES:
                return v >= 0 && v < 100 ? -Math.log10((100 - v) / 100) : Double.NaN;
            default:
                return v;
        }
    }

    /** The data value at a position: the inverse of {@link #apply(double)}. */
    double invert(double position) {
        switch (this) {
            case LOG10:
                return Math.pow(10, position);
            case NINES:
                return 100 - 100 * Math.pow(10, -position);
            default:
                return position;
        }
    }
}
