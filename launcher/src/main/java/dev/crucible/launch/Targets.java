package dev.crucible.launch;

import dev.crucible.launch.cluster.BrokerRefCluster;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --target} values of a benchmark and launches what they name on loopback. A target
 * Crucible launches may end in {@code /N} for N nodes: {@code embedded/3} is a 3-node broker-ref
 * cluster, {@code kafka:4.3.1/3} three Apache Kafka nodes (Kafka: 1 or 3).
 */
public final class Targets {
    private static final Duration EMBEDDED_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLUSTER_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern NODE_COUNT = Pattern.compile("(embedded|kafka:.+)/([1-9][0-9]{0,2})");

    private Targets() {}

    /** A target's text without its node count, and the count (1 when it names none). */
    private record Parsed(String base, int nodes) {}

    private static Parsed parse(String target) {
        Matcher m = NODE_COUNT.matcher(target);
        return m.matches() ? new Parsed(m.group(1), Integer.parseInt(m.group(2))) : new Parsed(target, 1);
    }

    /** IllegalArgumentException when {@code target} is not one of the accepted forms. */
    public static void check(String target) {
        Parsed p = parse(target);
        String base = p.base();
        if (base.equals("embedded") || base.equals("noop")) {
            return;
        }
        if (base.startsWith("kafka:") && base.length() > "kafka:".length() && !base.contains("/")) {
            try {
                KafkaPeerSpec.requireNodeCount(p.nodes());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--target " + target + ": Apache Kafka peers run 1 or 3 nodes");
            }
            return;
        }
        if (base.startsWith("bootstrap:") && base.substring("bootstrap:".length()).matches("[^,:]+:\\d+(,[^,:]+:\\d+)*")) {
            return;
        }
        throw new IllegalArgumentException("--target " + target + ": use embedded[/NODES], kafka:VERSION[/NODES],"
                + " bootstrap:HOST:PORT[,HOST:PORT..] or noop (no broker: the generator's own ceiling)");
    }

    /**
     * {@code target} launched with {@code nodes} nodes (a bench's {@code --nodes}): {@code embedded}
     * and {@code kafka:VERSION} get {@code /N}; with 1 node any target stays as it is.
     *
     * @throws IllegalArgumentException when the count is below 1, the target is not one Crucible
     *     launches, or it names a count of its own
     */
    public static String withNodes(String target, int nodes) {
        check(target);
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, not " + nodes);
        }
        if (nodes == 1) {
            return target;
        }
        if (NODE_COUNT.matcher(target).matches()) {
            throw new IllegalArgumentException("--target " + target + " names its node count itself; drop it or --nodes");
        }
        if (!target.equals("embedded") && !target.startsWith("kafka:")) {
            throw new IllegalArgumentException("--nodes " + nodes + " applies to the targets Crucible launches (embedded,"
                    + " kafka:VERSION), not to " + target);
        }
        String counted = target + "/" + nodes;
        check(counted);
        return counted;
    }

    /**
     * Starts (or just names) the target; {@code scratch} holds launched brokers' data for this run.
     * The embedded broker is {@code embeddedCommand} (this module does not know broker-ref's
     * classes) in a child process of its own, so its CPU time can be measured and it can be paused
     * like any broker; with N nodes, N such processes form a cluster. A target of several nodes
     * says so in its version ({@code "broker-ref, 3 nodes"}), which run.json records.
     */
    public static LaunchedTarget launch(String target, List<String> embeddedCommand, Path scratch, Path cacheDir,
            PrintWriter progress) throws IOException, InterruptedException {
        return launch(target, embeddedCommand, scratch, cacheDir, BrokerOverrides.NONE, progress);
    }

    /**
     * As {@link #launch(String, List, Path, Path, PrintWriter)}, every launched node getting
     * {@code settings} (those of its kind) after Crucible's own server settings.
     */
    public static LaunchedTarget launch(String target, List<String> embeddedCommand, Path scratch, Path cacheDir,
            BrokerOverrides settings, PrintWriter progress) throws IOException, InterruptedException {
        check(target);
        Parsed parsed = parse(target);
        if (target.equals("noop")) {
            return LaunchedTarget.existing("noop", "none", null);
        }
        if (target.startsWith("bootstrap:")) {
            return LaunchedTarget.existing("bootstrap", "unknown", target.substring("bootstrap:".length()));
        }
        String kind = parsed.base().equals("embedded") ? "embedded" : "kafka";
        Map<String, String> own = settings.forKind(kind);
        if (!own.isEmpty()) {
            progress.println("broker settings (--broker-config) of every " + kind + " node: " + own);
        }
        if (kind.equals("embedded")) {
            return embedded(embeddedCommand, parsed.nodes(), scratch.resolve("broker-ref"), settings, progress);
        }
        String version = parsed.base().substring("kafka:".length());
        KafkaPeerSpec spec = new KafkaPeerSpec(version, parsed.nodes(), KafkaPeerSpec.DEFAULT_BASE_PORT,
                scratch.resolve("kafka-" + version), cacheDir, own, "1g");
        KafkaCluster cluster = KafkaCluster.prepare(spec, line -> {
            progress.println(line);
            progress.flush();
        });
        cluster.start(startTimeout(parsed.nodes()));
        return LaunchedTarget.of("kafka", described(cluster.version(), parsed.nodes()), cluster);
    }

    /**
     * How long a launched target may take to answer: a cluster's nodes elect a quorum first, which takes
     * longer on a machine the load (or other builds) keeps busy.
     */
    private static Duration startTimeout(int nodes) {
        return nodes == 1 ? EMBEDDED_START_TIMEOUT : CLUSTER_START_TIMEOUT;
    }

    /** The version as a run records it: with the node count when there are several. */
    static String described(String version, int nodes) {
        return nodes == 1 ? version : version + ", " + nodes + " nodes";
    }

    /**
     * What every launched broker-ref node gets before the run's own settings: what Crucible gives a launched Kafka
     * beyond its layout (see ServerProperties), so the two start alike. A consumer group's first member waits for
     * company {@code group.initial.rebalance.delay.ms} (3 s by default in both brokers, 0 in Kafka's shipped
     * server.properties): with 3 s on one side only, ConsumerPerformance's join took 3.5 s against 1 s.
     */
    static final Map<String, String> EMBEDDED_DEFAULTS = Map.of("group.initial.rebalance.delay.ms", "0");

    private static LaunchedTarget embedded(List<String> command, int nodes, Path dir, BrokerOverrides settings,
            PrintWriter progress) throws IOException, InterruptedException {
        if (command == null) {
            throw new IllegalArgumentException("the embedded broker cannot be started from here (no command given)");
        }
        List<BrokerRefNode> members;
        List<String> given = new java.util.ArrayList<>();
        EMBEDDED_DEFAULTS.forEach((k, v) -> given.add("embedded:" + k + "=" + v));
        given.addAll(settings.given()); // later settings of a key win
        BrokerOverrides all = new BrokerOverrides(given);
        if (nodes == 1) {
            progress.println("starting the embedded broker (broker-ref) on loopback ...");
            members = List.of(BrokerRefNode.onLoopback("broker-ref", command, dir, all.embeddedOptions()));
        } else {
            BrokerRefCluster layout = BrokerRefCluster.onLoopback(nodes, BrokerRefCluster.defaultVoters(nodes), 0);
            progress.println("starting the embedded broker as a cluster of " + nodes + " broker-ref nodes ("
                    + layout.voters() + " voters) on loopback ...");
            members = layout.withSettings(all.forKind("embedded")).nodes(command, dir, List.of());
        }
        progress.flush();
        Cluster cluster = new NodeCluster("broker-ref", members);
        try {
            cluster.start(startTimeout(nodes));
        } catch (IOException e) {
            throw new IOException("the embedded broker did not start: " + e.getMessage(), e);
        }
        LaunchedTarget target = LaunchedTarget.of("embedded", described(cluster.version(), nodes), cluster);
        progress.println(nodes == 1 ? "embedded broker pid " + target.pids().get(0) + " at " + target.bootstrap()
                : "embedded cluster pids " + target.pids() + " at " + target.bootstrap());
        return target;
    }
}
