package dev.crucible.report.chart;

/** How a {@link Series} is drawn. */
public enum Style {
    /** A solid line through the points in the order given. */
    LINE,
    /**
     * Horizontal-then-vertical steps: each value holds from its x to the next point's x, which suits
     * per-interval values (a value per second, stamped at the start of its second).
     */
    STEP,
    /** A dot per point, no line. */
    DOTS,
    /** A thinner line with a dot on each point. */
    LINE_AND_DOTS,
    /** A dashed line, e.g. a target rate. */
    DASHED
}
