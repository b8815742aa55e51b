package dev.crucible.launch;

import dev.crucible.launch.cluster.BrokerRefNode;
import dev.crucible.launch.cluster.Cluster;
import dev.crucible.launch.cluster.NodeCluster;
import dev.crucible.launch.kafka.KafkaCluster;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Parses {@code --target} values of a benchmark and launches what they name, one node on loopback. */
public final class Targets {
    private static final Duration EMBEDDED_START_TIMEOUT = Duration.ofSeconds(60);

    private Targets() {}

    /** IllegalArgumentException when {@code target} is not one of the accepted forms. */
    public static void check(String target) {
        if (target.equals("embedded") || target.equals("noop")) {
            return;
        }
        if (target.startsWith("kafka:") && target.length() > "kafka:".length()) {
            return;
        }
        if (target.startsWith("bootstrap:") && target.substring("bootstrap:".length()).matches("[^,:]+:\\d+(,[^,:]+:\\d+)*")) {
            return;
        }
        throw new IllegalArgumentException("--target " + target + ": use embedded, kafka:VERSION,"
                + " bootstrap:HOST:PORT[,HOST:PORT..] or noop (no broker: the generator's own ceiling)");
    }

    /**
     * Starts (or just names) the target; {@code scratch} holds launched brokers' data for this run.
     * The embedded broker is {@code embeddedCommand} (this module does not know broker-ref's
     * classes) in a child process of its own, so its CPU time can be measured and it can be paused
     * like any broker.
     */
    public static LaunchedTarget launch(String target, List<String> embeddedCommand, Path scratch, Path cacheDir,
            PrintWriter progress) throws IOException, InterruptedException {
        check(target);
        if (target.equals("noop")) {
            return LaunchedTarget.existing("noop", "none", null);
        }
        if (target.startsWith("bootstrap:")) {
            return LaunchedTarget.existing("bootstrap", "unknown", target.substring("bootstrap:".length()));
        }
        if (target.equals("embedded")) {
            return embedded(embeddedCommand, scratch.resolve("broker-ref"), progress);
        }
        String version = target.substring("kafka:".length());
        KafkaPeerSpec spec = new KafkaPeerSpec(version, 1, KafkaPeerSpec.DEFAULT_BASE_PORT,
                scratch.resolve("kafka-" + version), cacheDir, Map.of(), "1g");
        return LaunchedTarget.of("kafka", KafkaCluster.start(spec, line -> {
            progress.println(line);
            progress.flush();
        }));
    }

    private static LaunchedTarget embedded(List<String> command, Path dir, PrintWriter progress)
            throws IOException, InterruptedException {
        if (command == null) {
            throw new IllegalArgumentException("the embedded broker cannot be started from here (no command given)");
        }
        progress.println("starting the embedded broker (broker-ref) on loopback ...");
        Cluster cluster = new NodeCluster("broker-ref", List.of(BrokerRefNode.onLoopback("broker-ref", command, dir)));
        try {
            cluster.start(EMBEDDED_START_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("the embedded broker did not start: " + e.getMessage(), e);
        }
        LaunchedTarget target = LaunchedTarget.of("embedded", cluster);
        progress.println("embedded broker pid " + target.pids().get(0) + " at " + target.bootstrap());
        return target;
    }
}
