package dev.crucible.load.agent;

import java.util.Map;

/**
 * One second of one agent: the latency histograms recorded in it (compressed, per metric key) and
 * counts. Interval {@code index} k covers run-clock [start + k s, start + k + 1 s), so the reports of
 * every agent line up and merge exactly.
 */
public record IntervalReport(
    long index,
    Map<String, String> histograms,
    long sent,
    long acked,
    long sendErrors,
    long consumed,
    long bytesSent,
    long bytesConsumed,
    double targetRatePerSecond) {}
