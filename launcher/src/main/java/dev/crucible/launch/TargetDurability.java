package dev.crucible.launch;

/**
 * What "acknowledged" means on a target, as a run's results name it (issue 20): the same latency
 * figure or chaos verdict means something else when an acknowledgement waits for an fsync on every
 * replica than when it comes from page caches.
 */
public final class TargetDurability {
    private TargetDurability() {
    }

    /**
     * The durability of a launched target of this kind and node count. Launched broker-ref clusters run
     * with broker-ref's defaults, Apache Kafka with Kafka's.
     */
    public static String of(String kind, int nodes) {
        boolean cluster = nodes > 1;
        if ("embedded".equals(kind)) {
            return cluster
                ? "broker-ref replication.fsync=true: a write is acknowledged once it is forced to disk on every in-sync replica"
                : "broker-ref flush.policy=never: a write is acknowledged from the page cache of its one node";
        }
        if ("kafka".equals(kind)) {
            return "Apache Kafka: a write is acknowledged from the page cache of " + (cluster ? "every in-sync replica" : "its one node")
                + " (no fsync before acknowledging)";
        }
        return "unknown: not launched by crucible";
    }
}
