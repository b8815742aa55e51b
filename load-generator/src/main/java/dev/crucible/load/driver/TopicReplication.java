package dev.crucible.load.driver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replication factor a run's topics are created with. OMB's driver files all ask for
 * {@code replicationFactor: 3}; a target with fewer brokers would refuse such topics, so the run
 * creates them with as many replicas as the target has brokers instead, and says so. When it does,
 * a {@code min.insync.replicas} above the new factor comes down to it too (OMB's files ask for 2,
 * which no topic with one replica can meet under {@code acks=all}).
 *
 * @param requested the driver file's {@code replicationFactor} (-1: the broker's default)
 * @param brokers the brokers the target's cluster lists (0 when unknown)
 * @param used the replication factor the topics are created with
 * @param requestedTopicConfig the driver file's topic settings
 * @param topicConfig the topic settings the topics are created with
 * @param refusal why the target refused the larger factor (a cluster that does not replicate), or null
 */
public record TopicReplication(short requested, int brokers, short used, Map<String, String> requestedTopicConfig,
        Map<String, String> topicConfig, String refusal) {
    /** The topic setting capped together with the replication factor. */
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    /** Copies the maps. */
    public TopicReplication {
        requestedTopicConfig = Map.copyOf(requestedTopicConfig);
        topicConfig = Map.copyOf(topicConfig);
    }

    /** A decision the target did not refuse. */
    public TopicReplication(short requested, int brokers, short used, Map<String, String> requestedTopicConfig,
            Map<String, String> topicConfig) {
        this(requested, brokers, used, requestedTopicConfig, topicConfig, null);
    }

    /**
     * The factor 1, after the target refused {@link #used()} with INVALID_REPLICATION_FACTOR (e.g. a
     * broker-ref cluster, which does not replicate yet), with {@code min.insync.replicas} capped to match.
     */
    public TopicReplication refusedBy(String reason) {
        TopicReplication one = decide(requested, 1, requestedTopicConfig);
        return new TopicReplication(requested, brokers, one.used(), requestedTopicConfig, one.topicConfig(), reason);
    }

    /**
     * What topics are created with when the driver asks for {@code requested} replicas with {@code topicConfig}
     * on a cluster of {@code brokers}: {@code min(requested, brokers)}. A factor the broker picks (-1), a
     * broker count that is not known (below 1), or a factor that is not a count at all is left for the broker
     * to take or refuse.
     */
    public static TopicReplication decide(short requested, int brokers, Map<String, String> topicConfig) {
        if (requested < 1 || brokers < 1 || requested <= brokers) {
            return new TopicReplication(requested, Math.max(0, brokers), requested, topicConfig, topicConfig);
        }
        short used = (short) brokers;
        Map<String, String> config = new LinkedHashMap<>(topicConfig);
        Integer minInsync = integer(topicConfig.get(MIN_INSYNC_REPLICAS));
        if (minInsync != null && minInsync > used) {
            config.put(MIN_INSYNC_REPLICAS, Short.toString(used));
        }
        return new TopicReplication(requested, brokers, used, topicConfig, config);
    }

    /** True when the topics get fewer replicas than the driver file asked for. */
    public boolean reduced() {
        return used != requested;
    }

    /** The topic settings that differ from the driver file's, with the values the topics get. */
    public Map<String, String> changedTopicConfig() {
        Map<String, String> changed = new TreeMap<>();
        topicConfig.forEach((k, v) -> {
            if (!v.equals(requestedTopicConfig.get(k))) {
                changed.put(k, v);
            }
        });
        return changed;
    }

    /**
     * The one line a run prints when it reduced the factor, e.g. {@code replicationFactor 3 > 1 broker(s):
     * topics created with replication factor 1 (min.insync.replicas 2 -> 1)}; null when it did not.
     */
    public String note() {
        if (!reduced()) {
            return null;
        }
        StringBuilder b = new StringBuilder("replicationFactor ").append(requested);
        if (refusal != null) {
            b.append(" refused by the target (").append(refusal).append(')');
        } else {
            b.append(" > ").append(brokers).append(" broker(s)");
        }
        b.append(": topics created with replication factor ").append(used);
        changedTopicConfig().forEach((k, v) -> b.append(" (").append(k).append(' ').append(requestedTopicConfig.get(k))
                .append(" -> ").append(v).append(')'));
        return b.toString();
    }

    private static Integer integer(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
