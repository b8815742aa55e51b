package dev.crucible.load.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code crucible bench} was asked, before anything is resolved.
 *
 * @param workloadFile null for the built-in default workload
 * @param driverFile null for the built-in default driver settings
 * @param targets one or more of embedded, kafka:VERSION, bootstrap:HOST:PORT,.., noop; null = default
 * @param duration overrides the workload's measured time, or null
 * @param warmup overrides the workload's warm-up, or null
 * @param rate overrides producerRate: a number, "max" (flat out) or "search"; null keeps the workload's
 * @param workers remote agents HOST:PORT[=producer|consumer|both]; empty runs everything here
 * @param repeat runs per target, interleaved across targets
 * @param outDir parent of result directories
 * @param name result directory name suffix, or null for the workload's name
 * @param label grouping label for reports, or null
 * @param liveEvery live line period
 * @param poisson Poisson arrivals instead of evenly spaced
 * @param maxOutstanding overrides maxOutstandingPerProducer, or null
 * @param embeddedCommand the command that starts broker-ref in the foreground (the CLI supplies it)
 * @param cacheDir where Apache Kafka jars are cached
 */
public record BenchRequest(
    Path workloadFile,
    Path driverFile,
    List<String> targets,
    Duration duration,
    Duration warmup,
    String rate,
    List<String> workers,
    int repeat,
    Path outDir,
    String name,
    String label,
    Duration liveEvery,
    boolean poisson,
    Integer maxOutstanding,
    List<String> embeddedCommand,
    Path cacheDir) {}
