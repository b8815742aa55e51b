package dev.crucible.report.stats;

/**
 * One line of the verdict table: a statistic of a metric, baseline against candidate.
 *
 * @param candidate the candidate's label
 * @param metric metric key (response, end-to-end, ..., throughput, or "jmh")
 * @param statistic p50, p90, p99, p99.9, p99.99, max, msgs/s, or a JMH benchmark key
 * @param unit unit of the two values ("us", "msg/s", a JMH unit)
 * @param baseline baseline value (mean over its runs)
 * @param value candidate value
 * @param change relative change (value - baseline) / baseline
 * @param low lower end of the change's confidence interval
 * @param high upper end
 * @param noise A/A noise (mean relative difference between repetitions), NaN when no repetitions
 * @param higherIsBetter whether an increase is an improvement
 * @param verdict the conclusion
 * @param reason why, in words
 */
public record Row(String candidate, String metric, String statistic, String unit, double baseline, double value,
    double change, double low, double high, double noise, boolean higherIsBetter, Verdict verdict, String reason) {}
