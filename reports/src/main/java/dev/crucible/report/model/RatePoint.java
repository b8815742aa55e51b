package dev.crucible.report.model;

/**
 * Throughput in one interval.
 *
 * @param startSec interval start, seconds since the run's start
 * @param lengthSec interval length, seconds
 * @param targetPerSec the rate the schedule asked for (NaN for flat out or unknown)
 * @param achievedPerSec messages acknowledged per second
 * @param measured whether the interval belongs to the measured phase (not warm-up or drain)
 */
public record RatePoint(double startSec, double lengthSec, double targetPerSec, double achievedPerSec,
    boolean measured) {}
