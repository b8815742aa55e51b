package dev.crucible.broker.config;


import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything the broker reads from its {@code server.properties}-style file, with Kafka's key names
 * wherever the meaning is the same. Read once at start; {@link #KEYS} documents every key (printed by
 * {@code crucible broker --help}). Keys the broker does not know are reported, not fatal, so a Kafka
 * properties file can be used as it is.
 *
 * @param host           the primary data listener's bind host (every data listener: {@code cluster().dataListeners()})
 * @param port           the primary data listener's port
 * @param advertisedHost the primary data listener's advertised host
 * @param advertisedPort the primary data listener's advertised port (0: the port bound)
 * @param broken         a deliberately broken mode, for testing the chaos harness only; empty for a correct broker
 * @param replication    the follower and high-watermark settings ({@code replica.*}, {@code default.replication.factor},
 *                       {@code replication.fsync})
 */
public record BrokerConfig(
    int nodeId,
    String host,
    int port,
    String advertisedHost,
    int advertisedPort,
    Path dataDir,
    int numPartitions,
    boolean autoCreateTopics,
    int socketRequestMaxBytes,
    int networkThreads,
    int maxInFlightPerConnection,
    long retentionCheckIntervalMs,
    int groupMinSessionTimeoutMs,
    int groupMaxSessionTimeoutMs,
    int groupInitialRebalanceDelayMs,
    int groupMaxSize,
    long offsetsRetentionMs,
    Optional<BrokenMode> broken,
    Limits limits,
    Map<TopicConfigKey, String> topicDefaults,
    ReplicationConfig replication,
    List<String> unknownKeys,
    ClusterConfig cluster) {

    /** Broker-wide keys (topic defaults come from {@link TopicConfigKey}): key, default, meaning. */
    public static final Map<String, String[]> KEYS = brokerKeys();
    /** The key that names a deliberately broken mode ({@link BrokenMode}). */
    public static final String BROKEN_KEY = "crucible.broken";

    private static Map<String, String[]> brokerKeys() {
        Map<String, String[]> keys = new LinkedHashMap<>();
        put(keys, "node.id", "0",
                "This broker's id in Metadata responses.");
        put(keys, "listeners", Listeners.DEFAULT_LISTENERS,
                "Where to listen: NAME://HOST:PORT,... (empty host = all interfaces). Every entry but the controller's is a data"
                + " listener serving the Kafka protocol with the same handlers and limits; the first is the primary one, whose port"
                + " --port sets. Each needs a port of its own.");
        put(keys, "advertised.listeners", "(listeners; an empty host becomes localhost)",
                "NAME://HOST:PORT,...: the address each data listener is given out as, by name; a client is answered with the"
                + " addresses of the listener it connected to.");
        put(keys, "log.dirs", "data/broker",
                "Data directory (the first of a comma-separated list; log.dir is read too). --data-dir overrides it.");
        put(keys, "num.partitions", "1",
                "Partitions of an auto-created topic, and of CreateTopics asking for -1.");
        put(keys, "auto.create.topics.enable", "true",
                "Create a topic when a Metadata request names an unknown one and allows it.");
        put(keys, "socket.request.max.bytes", "104857600",
                "Largest request frame; a bigger size prefix closes the connection before anything is allocated.");
        put(keys, "num.network.threads", "2",
                "Netty event-loop threads serving connections.");
        put(keys, "queued.max.requests.per.connection", "100",
                "broker-ref's own: requests one connection may have unanswered before the broker stops reading from it.");
        put(keys, "max.broker.partitions", "10000",
                "Partitions this broker may hold in all; a CreateTopics or"
                + " CreatePartitions past it (or past what the process's open-file limit and vm.max_map_count leave room for)"
                + " is refused with POLICY_VIOLATION before anything is written.");
        put(keys, "max.connections", "2147483647",
                "Connections at once on each listener; further ones are closed as they are accepted.");
        put(keys, "max.connections.per.ip", "2147483647",
                "Connections from one address at once on each listener.");
        put(keys, "connections.max.idle.ms", "600000",
                "A connection that sends no request for this long is closed.");
        put(keys, "queued.max.request.bytes", "-1",
                "Request bytes read but not yet answered, over all connections of one listener;"
                + " past it the broker stops reading that listener's sockets until answers go out (-1: no limit).");
        put(keys, "fetch.max.bytes", "57671680",
                "Largest Fetch response the broker builds, whatever a client asks for.");
        put(keys, "log.retention.check.interval.ms", "300000",
                "How often retention deletes old segments.");
        put(keys, "log.retention.hours", "168",
                "Retention in hours, used when neither log.retention.ms nor log.retention.minutes is set.");
        put(keys, "log.retention.minutes", "(unset)",
                "Retention in minutes, used when log.retention.ms is not set.");
        put(keys, "group.min.session.timeout.ms", "6000",
                "Smallest session timeout a group member may ask for.");
        put(keys, "group.max.session.timeout.ms", "1800000",
                "Largest session timeout a group member may ask for.");
        put(keys, "group.initial.rebalance.delay.ms", "3000",
                "How long the first rebalance of an empty group waits for more members.");
        put(keys, "group.max.size", "2147483647",
                "Most members in one consumer group.");
        put(keys, "offsets.retention.minutes", "10080",
                "Committed offsets older than this are dropped when"
                + " the offsets log is compacted at start (it is compacted when it holds over twice as many records as live offsets).");
        ClusterConfig.describeKeys(keys);
        ReplicationConfig.describeKeys(keys);
        put(keys, BROKEN_KEY, "(empty: a correct broker)",
                "FOR TESTING THE CHAOS HARNESS ONLY, never for"
                + " real data: makes the broker wrong on purpose so the checker has a bug to find. One of: "
                + String.join(", ", BrokenMode.names()) + ".");
        return keys;
    }

    private static void put(Map<String, String[]> keys, String name, String defaultValue, String doc) {
        keys.put(name, new String[] {defaultValue, doc});
    }

    /** Reads a properties file (or none: {@code null}) with command-line overrides applied on top. */
    public static BrokerConfig load(Path file, Map<String, String> overrides) throws IOException {
        Map<String, String> all = readFile(file);
        all.putAll(overrides);
        return fromMap(all);
    }

    /** The key/value pairs of a properties file, in file order; empty for {@code null}. */
    public static Map<String, String> readFile(Path file) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        if (file == null) {
            return all;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        for (String name : props.stringPropertyNames()) {
            all.put(name, props.getProperty(name).trim());
        }
        return all;
    }

    /**
     * Builds the configuration from key/value pairs.
     *
     * @throws IllegalArgumentException naming the key whose value is not valid
     */
    public static BrokerConfig fromMap(Map<String, String> values) {
        Values r = new Values(values);
        Listeners listeners = Listeners.parse(r);
        DataListener primary = listeners.data().get(0);
        for (String k : List.of("process.roles", "controller.quorum.voters", "controller.quorum.bootstrap.servers")) {
            r.used(k);
        }
        int nodeId = r.integer("node.id", 0, 0);
        ClusterConfig cluster = ClusterConfig.parse(values, listeners, nodeId, (k, d) -> r.longValue(k, d, 1));
        String dirs = values.getOrDefault("log.dirs", values.getOrDefault("log.dir", "data/broker"));
        r.used("log.dirs");
        r.used("log.dir");
        Map<TopicConfigKey, String> topicDefaults = new EnumMap<>(TopicConfigKey.class);
        for (TopicConfigKey key : TopicConfigKey.values()) {
            String value = values.get(key.brokerKey());
            r.used(key.brokerKey());
            if (key == TopicConfigKey.RETENTION_MS && value == null) {
                value = retentionFromCoarserKeys(r);
            }
            if (value != null) {
                try {
                    key.validate(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key.brokerKey() + ": " + e.getMessage(), e);
                }
            }
            topicDefaults.put(key, value == null ? key.defaultValue() : value.trim());
        }
        TopicConfig.of(topicDefaults, Map.of()); // the defaults must make a valid log configuration
        BrokerConfig config = new BrokerConfig(
            nodeId,
            primary.host(), primary.port(), primary.advertisedHost(), primary.advertisedPort(),
            Path.of(dirs.split(",")[0].trim()),
            r.integer("num.partitions", 1, 1),
            r.bool("auto.create.topics.enable", true),
            r.integer("socket.request.max.bytes", 104_857_600, 64),
            r.integer("num.network.threads", 2, 1),
            r.integer("queued.max.requests.per.connection", 100, 1),
            r.longValue("log.retention.check.interval.ms", 300_000, 1),
            r.integer("group.min.session.timeout.ms", 6_000, 0),
            r.integer("group.max.session.timeout.ms", 1_800_000, 1),
            r.integer("group.initial.rebalance.delay.ms", 3_000, 0),
            r.integer("group.max.size", Integer.MAX_VALUE, 1),
            r.longValue("offsets.retention.minutes", 10_080, 1) * 60_000,
            brokenMode(r.string(BROKEN_KEY, "")),
            limits(r),
            topicDefaults,
            ReplicationConfig.parse(r),
            r.unknownKeys(),
            cluster);
        if (config.groupMinSessionTimeoutMs > config.groupMaxSessionTimeoutMs) {
            throw new IllegalArgumentException("group.min.session.timeout.ms is above group.max.session.timeout.ms");
        }
        return config;
    }

    private static Limits limits(Values r) {
        Limits d = Limits.DEFAULT;
        long queued = r.longValue("queued.max.request.bytes", d.queuedMaxRequestBytes(), -1);
        if (queued == 0) {
            throw new IllegalArgumentException("queued.max.request.bytes must be -1 (no limit) or positive, got 0");
        }
        return new Limits(
            r.integer("max.broker.partitions", d.maxBrokerPartitions(), 1),
            r.integer("max.connections", d.maxConnections(), 1),
            r.integer("max.connections.per.ip", d.maxConnectionsPerIp(), 1),
            r.longValue("connections.max.idle.ms", d.connectionsMaxIdleMs(), -1),
            queued,
            r.integer("fetch.max.bytes", d.fetchMaxBytes(), 1024));
    }

    private static Optional<BrokenMode> brokenMode(String name) {
        if (name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BrokenMode.parse(name.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BROKEN_KEY + ": " + e.getMessage(), e);
        }
    }

    private static String retentionFromCoarserKeys(Values r) {
        long minutes = r.longValue("log.retention.minutes", -2, -1);
        if (minutes != -2) {
            return String.valueOf(minutes < 0 ? -1 : minutes * 60_000);
        }
        long hours = r.longValue("log.retention.hours", 168, -1);
        return String.valueOf(hours < 0 ? -1 : hours * 3_600_000);
    }

    /** Typed reads that remember which keys were used. */
    static final class Values {
        private final Map<String, String> values;
        private final java.util.Set<String> used = new java.util.HashSet<>();

        Values(Map<String, String> values) {
            this.values = values;
        }

        void used(String key) {
            used.add(key);
        }

        String string(String key, String dflt) {
            used.add(key);
            String v = values.get(key);
            return v == null ? dflt : v;
        }

        int integer(String key, int dflt, int min) {
            return (int) Math.min(Integer.MAX_VALUE, longValue(key, dflt, min));
        }

        long longValue(String key, long dflt, long min) {
            used.add(key);
            String v = values.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                long parsed = Long.parseLong(v.trim());
                if (parsed < min) {
                    throw new IllegalArgumentException(key + " must be at least " + min + ", got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: '" + v + "'", e);
            }
        }

        boolean bool(String key, boolean dflt) {
            used.add(key);
            String v = values.get(key);
            if (v == null) {
                return dflt;
            }
            if (v.trim().equalsIgnoreCase("true") || v.trim().equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v.trim());
            }
            throw new IllegalArgumentException(key + ": expected true or false, got '" + v + "'");
        }

        List<String> unknownKeys() {
            List<String> unknown = new ArrayList<>();
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    unknown.add(key);
                }
            }
            return List.copyOf(unknown);
        }
    }
}
