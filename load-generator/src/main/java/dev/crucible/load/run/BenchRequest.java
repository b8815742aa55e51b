package dev.crucible.load.run;

import dev.crucible.launch.BrokerOverrides;
import dev.crucible.load.workload.WorkloadOverrides;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code crucible bench} was asked, before anything is resolved.
 *
 * @param workloadFile null for the built-in default workload
 * @param driverFile null for the built-in default driver settings
 * @param targets one or more of embedded, kafka:VERSION, bootstrap:HOST:PORT,.., noop; null or empty = default
 * @param overrides what the command line changes in the workload (durations, rate, arrivals, window)
 * @param workers remote agents HOST:PORT[=producer|consumer|both]; null or empty runs everything here
 * @param repeat runs per target, interleaved across targets (at least 1)
 * @param outDir parent of result directories
 * @param name result directory name suffix, or null for the workload's name
 * @param label grouping label for reports, or null
 * @param liveEvery live line period
 * @param embeddedCommand the command that starts broker-ref in the foreground (the CLI supplies it)
 * @param cacheDir where Apache Kafka jars are cached
 * @param brokerConfig server settings of every broker the bench launches ({@code --broker-config})
 */
public record BenchRequest(
    Path workloadFile,
    Path driverFile,
    List<String> targets,
    WorkloadOverrides overrides,
    List<String> workers,
    int repeat,
    Path outDir,
    String name,
    String label,
    Duration liveEvery,
    List<String> embeddedCommand,
    Path cacheDir,
    BrokerOverrides brokerConfig) {

    /** Checks what can be checked before anything runs; IllegalArgumentException says what is wrong. */
    public BenchRequest {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
        workers = workers == null ? List.of() : List.copyOf(workers);
        overrides = overrides == null ? WorkloadOverrides.NONE : overrides;
        brokerConfig = brokerConfig == null ? BrokerOverrides.NONE : brokerConfig;
    }

    /** A request whose launched brokers run with their default settings. */
    public BenchRequest(Path workloadFile, Path driverFile, List<String> targets, WorkloadOverrides overrides, List<String> workers,
            int repeat, Path outDir, String name, String label, Duration liveEvery, List<String> embeddedCommand, Path cacheDir) {
        this(workloadFile, driverFile, targets, overrides, workers, repeat, outDir, name, label, liveEvery, embeddedCommand, cacheDir,
                BrokerOverrides.NONE);
    }
}
