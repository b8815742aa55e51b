package dev.crucible.report.stats;

/** What a comparison row concludes (see {@link Rules} for how). */
public enum Verdict {
    /** Worse, beyond noise and the minimum effect, with an interval that excludes zero. */
    REGRESSION,
    /** Better by the same rules. */
    IMPROVEMENT,
    /** Judged, and within noise or below the minimum effect. */
    NO_CHANGE,
    /** Cannot be judged: a run incomplete or below its rate, or too few samples beyond the percentile. */
    INCONCLUSIVE,
    /** Shown, never judged (the maximum is one sample). */
    NOT_JUDGED;

    /** The name as printed ("NO CHANGE"). */
    public String text() {
        return name().replace('_', ' ');
    }
}
