package dev.crucible.load.result;

/**
 * The run's phases on the run clock: load from {@code startNs}, measured from {@code measureFromNs}
 * (the warm-up's end) to {@code endNs}. Interval k covers [startNs + k s, startNs + k + 1 s).
 */
public record RunTimeline(long startNs, long measureFromNs, long endNs, long warmupNs, long testNs) {
    private static final long SECOND_NS = 1_000_000_000L;

    /** The same timeline with the measured phase ending at {@code ns}. */
    public RunTimeline endingAt(long ns) {
        return new RunTimeline(startNs, measureFromNs, ns, warmupNs, ns - measureFromNs);
    }

    /** First interval of the measured phase. */
    public long firstMeasuredInterval() {
        return (measureFromNs - startNs + SECOND_NS - 1) / SECOND_NS;
    }

    /** One past the last interval of the measured phase. */
    public long endInterval() {
        return (endNs - startNs + SECOND_NS - 1) / SECOND_NS;
    }

    /** Phase at run-clock time {@code nowNs}: starting, warm-up, test or drain. */
    public String phaseAt(long nowNs) {
        if (nowNs - startNs < 0) {
            return "starting";
        }
        if (nowNs - measureFromNs < 0) {
            return "warm-up";
        }
        return nowNs - endNs < 0 ? "test" : "drain";
    }

    /** Phase of interval {@code k}: warm-up, test or drain. */
    public String phaseOf(long k) {
        return k < firstMeasuredInterval() ? "warm-up" : k < endInterval() ? "test" : "drain";
    }
}
