package dev.crucible.launch;

import java.util.Map;

/**
 * What "acknowledged" means on a target, as a run's results name it (issue 20): the same latency
 * figure or chaos verdict means something else when an acknowledgement waits for an fsync on every
 * replica than when it comes from page caches.
 */
public final class TargetDurability {
    private TargetDurability() {
    }

    /**
     * The durability of a launched target of this kind and node count with its defaults: broker-ref with
     * broker-ref's, Apache Kafka with Kafka's.
     */
    public static String of(String kind, int nodes) {
        return of(kind, nodes, Map.of());
    }

    /**
     * The durability of a launched target of this kind and node count, given the broker settings it was
     * launched with ({@code --broker-config}): for broker-ref, {@code replication.fsync} on a cluster and
     * {@code log.flush.policy} on a single node.
     */
    public static String of(String kind, int nodes, Map<String, String> settings) {
        boolean cluster = nodes > 1;
        if ("embedded".equals(kind)) {
            if (cluster) {
                return "false".equalsIgnoreCase(settings.getOrDefault("replication.fsync", "true").trim())
                    ? "broker-ref replication.fsync=false: a write is acknowledged from the page cache of every in-sync replica"
                        + " (no fsync before acknowledging, as Apache Kafka)"
                    : "broker-ref replication.fsync=true: a write is acknowledged once it is forced to disk on every in-sync replica";
            }
            String policy = settings.getOrDefault("log.flush.policy", "never").trim();
            return "always".equalsIgnoreCase(policy)
                ? "broker-ref log.flush.policy=always: a write is acknowledged once it is forced to disk on its one node"
                : "broker-ref flush.policy=" + policy + ": a write is acknowledged from the page cache of its one node";
        }
        if ("kafka".equals(kind)) {
            return "Apache Kafka: a write is acknowledged from the page cache of " + (cluster ? "every in-sync replica" : "its one node")
                + " (no fsync before acknowledging)";
        }
        return "unknown: not launched by crucible";
    }
}
