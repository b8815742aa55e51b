package dev.crucible.report.stats;

/**
 * The knobs of the verdict.
 *
 * <p>A change is REGRESSION or IMPROVEMENT only when all hold: its bootstrap confidence interval
 * excludes zero; its size is at least {@code minEffect}; and it is more than twice the A/A noise
 * (the mean relative difference between repetitions of one label), when repetitions exist. A row
 * is INCONCLUSIVE when a run of either side is INCOMPLETE or missed its target rate, or when a run
 * has fewer than {@code minTailSamples} samples beyond the percentile (p99.9 needs 100,000). The
 * maximum is never judged.
 *
 * @param minEffect smallest relative change that counts (0.05 = 5%)
 * @param confidence two-sided confidence of the interval (0.95)
 * @param replicates bootstrap replicates
 * @param seed random seed, so a report is reproducible
 * @param minTailSamples samples a run must have beyond a percentile to judge it
 */
public record Rules(double minEffect, double confidence, int replicates, long seed, long minTailSamples) {

    /** 5%, 95%, 500 replicates, seed 1, 100 tail samples. */
    public static Rules defaults() {
        return of(0.05, 500, 1);
    }

    /** These knobs with a 95% interval and 100 samples beyond a percentile to judge it. */
    public static Rules of(double minEffect, int replicates, long seed) {
        return new Rules(minEffect, 0.95, replicates, seed, 100);
    }

    /** The same rules with another minimum effect. */
    public Rules withMinEffect(double effect) {
        return new Rules(effect, confidence, replicates, seed, minTailSamples);
    }
}
