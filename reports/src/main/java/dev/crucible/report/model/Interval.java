package dev.crucible.report.model;

/**
 * One interval of a run's time series: seconds since the run's start, and the figures measured in
 * it (latency percentiles in microseconds; NaN where the interval holds no sample).
 *
 * @param startSec interval start, seconds since the run's start
 * @param lengthSec interval length in seconds
 * @param count samples in the interval
 * @param p50 median
 * @param p99 99th percentile
 * @param max largest value
 */
public record Interval(double startSec, double lengthSec, long count, double p50, double p99, double max) {}
