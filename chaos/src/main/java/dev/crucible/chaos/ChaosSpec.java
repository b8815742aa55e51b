package dev.crucible.chaos;

import dev.crucible.launch.BrokerOverrides;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a chaos run needs to know.
 *
 * @param target "embedded" (broker-ref nodes), "kafka:VERSION" or "bootstrap:HOST:PORT,.."
 * @param nodes nodes to launch (embedded: 1 is a single broker, more one broker-ref cluster; kafka: 1 or 3)
 * @param time how long clients run while faults are injected
 * @param nemeses fault kinds for a periodic schedule (ignored when {@code scheduleFile} is set)
 * @param interval quiet time and fault time of the periodic schedule
 * @param scheduleFile a JSON schedule, or null
 * @param seed seeds every random choice (keys, nodes, fault variants)
 * @param keys number of keys (partitions of the run's topic)
 * @param producers producer processes
 * @param assigners assign-mode consumer processes
 * @param members consumer-group members
 * @param rate sends per second, all producers together
 * @param broken broker-ref's deliberately broken mode, or null
 * @param out parent directory of the run directory
 * @param edn also write the history as Jepsen EDN
 * @param allow anomaly types the verdict tolerates
 * @param brokerCommand the command that runs broker-ref ({@code crucible broker}), without node options
 * @param cacheDir where Apache Kafka releases are cached
 * @param clientConfig extra kafka-clients settings for every client
 * @param finalReadTimeout bound of the final read phase
 * @param brokerConfig server settings of every node the run launches ({@code --broker-config})
 */
public record ChaosSpec(String target, int nodes, Duration time, List<String> nemeses, Duration interval,
        Path scheduleFile, long seed, int keys, int producers, int assigners, int members, double rate,
        String broken, Path out, boolean edn, List<String> allow, List<String> brokerCommand, Path cacheDir,
        Map<String, Object> clientConfig, Duration finalReadTimeout, BrokerOverrides brokerConfig) {

    /** A spec whose launched nodes run with their default settings. */
    public ChaosSpec(String target, int nodes, Duration time, List<String> nemeses, Duration interval,
            Path scheduleFile, long seed, int keys, int producers, int assigners, int members, double rate,
            String broken, Path out, boolean edn, List<String> allow, List<String> brokerCommand, Path cacheDir,
            Map<String, Object> clientConfig, Duration finalReadTimeout) {
        this(target, nodes, time, nemeses, interval, scheduleFile, seed, keys, producers, assigners, members, rate, broken, out,
                edn, allow, brokerCommand, cacheDir, clientConfig, finalReadTimeout, BrokerOverrides.NONE);
    }

    /** Checks the fields and copies the lists. */
    public ChaosSpec {
        nemeses = List.copyOf(nemeses);
        allow = List.copyOf(allow);
        brokerCommand = List.copyOf(brokerCommand);
        clientConfig = Map.copyOf(clientConfig);
        brokerConfig = brokerConfig == null ? BrokerOverrides.NONE : brokerConfig;
        brokerConfig.requireLaunched(List.of(target));
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (keys < 1 || keys > 1000) {
            throw new IllegalArgumentException("--keys must be 1..1000");
        }
        if (producers < 1) {
            throw new IllegalArgumentException("--producers must be at least 1");
        }
        if (assigners < 0 || members < 0 || assigners + members < 1) {
            throw new IllegalArgumentException("need at least one consumer (--assigners or --members)");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0");
        }
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("--time must be above 0");
        }
    }
}
