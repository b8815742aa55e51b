package dev.crucible.report.model;

import java.util.List;

/**
 * One latency metric of one run: its whole-run distribution (the measured phase) and its
 * intervals over time (all of them, warm-up included, for charts).
 *
 * @param key file-level name: response, service, send-delay, end-to-end (or the hlog's tag)
 * @param title what a person calls it ("response time (intended send -> ack)")
 * @param distribution the measured phase's sample
 * @param intervals per-interval figures for time charts; empty when the source has none
 */
public record MetricSample(String key, String title, Distribution distribution, List<Interval> intervals) {}
