package dev.crucible.broker.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a broker's settings come from, in precedence order: a properties file, then single keys
 * ({@code --set KEY=VALUE}), then the command line's own flags, which override both. What the
 * {@code crucible broker} command parses, with the rules of how the sources combine kept here.
 *
 * @param file      a server.properties file, or null
 * @param overrides single keys, applied over the file
 * @param dataDir   replaces {@code log.dirs} (and drops {@code log.dir}), or null
 * @param nodeId    replaces {@code node.id}, or null
 * @param broken    a deliberately broken mode ({@link BrokerConfig#BROKEN_KEY}), or null
 * @param port      the primary (first data) listener's port, keeping its name and host and the other listeners, or null
 */
public record BrokerSettings(Path file, Map<String, String> overrides, Path dataDir, Integer nodeId, String broken,
                             Integer port) {
    /** The data directory when no source names one. */
    public static final String DEFAULT_DATA_DIR = "data/broker";

    public BrokerSettings {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** The combined key/value pairs. */
    public Map<String, String> merged() throws IOException {
        Map<String, String> all = BrokerConfig.readFile(file);
        all.putAll(overrides);
        if (!all.containsKey("log.dirs") && !all.containsKey("log.dir")) {
            all.put("log.dirs", DEFAULT_DATA_DIR);
        }
        if (dataDir != null) {
            all.remove("log.dir");
            all.put("log.dirs", dataDir.toString());
        }
        if (nodeId != null) {
            all.put("node.id", String.valueOf(nodeId));
        }
        if (broken != null) {
            all.put(BrokerConfig.BROKEN_KEY, broken);
        }
        if (port != null) {
            all.put("listeners", Listeners.withPrimaryPort(all.getOrDefault("listeners", Listeners.DEFAULT_LISTENERS),
                all.getOrDefault("controller.listener.names", "CONTROLLER"), port));
        }
        return new LinkedHashMap<>(all);
    }

    /**
     * The configuration these sources give.
     *
     * @throws IllegalArgumentException naming a key whose value is not valid
     * @throws IOException              when the file cannot be read
     */
    public BrokerConfig toConfig() throws IOException {
        return BrokerConfig.fromMap(merged());
    }

    /** Every key the broker reads with its default and meaning, then the topic defaults: the help text's footer. */
    public static String describeKeys() {
        StringBuilder out = new StringBuilder("\nConfiguration keys (file or --set):\n");
        for (Map.Entry<String, String[]> e : BrokerConfig.KEYS.entrySet()) {
            out.append(String.format("  %s, default %s%n      %s%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        out.append("\nTopic defaults (broker key; the topic-level key in brackets, settable per topic):\n");
        for (TopicConfigKey key : TopicConfigKey.values()) {
            out.append(String.format("  %s [%s], default %s%n      %s%n",
                key.brokerKey(), key.topicKey(), key.defaultValue(), key.doc()));
        }
        return out.toString();
    }
}
