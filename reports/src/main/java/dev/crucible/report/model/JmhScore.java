package dev.crucible.report.model;

/**
 * One benchmark's primary result from a JMH JSON file.
 *
 * @param key benchmark method plus its parameters ("AppendBenchmark.append size=1024")
 * @param mode thrpt, avgt, sample or ss
 * @param unit score unit (ops/s, ns/op, ...)
 * @param score JMH's score
 * @param error JMH's 99.9% half-interval (NaN when one sample)
 * @param raw measurement iterations per fork
 */
public record JmhScore(String key, String mode, String unit, double score, double error, double[][] raw) {

    /** Throughput improves upward; times (avgt, sample, ss) downward. */
    public boolean higherIsBetter() {
        return "thrpt".equals(mode);
    }
}
