package dev.crucible.broker.config;

import java.util.Map;

/**
 * How partitions are replicated between brokers: Kafka's follower keys with Kafka's defaults, and
 * broker-ref's own {@code replication.fsync}. Settings only; the replication itself reads them.
 *
 * @param lagTimeMaxMs             {@code replica.lag.time.max.ms}: a follower not caught up with the leader's log end for
 *                                 this long leaves the in-sync replicas
 * @param fetchWaitMaxMs           {@code replica.fetch.wait.max.ms}: longest a follower's fetch waits at the leader for
 *                                 {@code fetchMinBytes}
 * @param fetchMaxBytes            {@code replica.fetch.max.bytes}: bytes a follower asks for per partition (a first batch
 *                                 larger than this is still returned)
 * @param fetchMinBytes            {@code replica.fetch.min.bytes}: bytes a follower's fetch waits for
 * @param fetchBackoffMs           {@code replica.fetch.backoff.ms}: pause after a fetch that failed
 * @param socketTimeoutMs          {@code replica.socket.timeout.ms}: a follower's request unanswered this long fails
 * @param defaultReplicationFactor {@code default.replication.factor}: replicas of an auto-created topic, and of
 *                                 CreateTopics asking for -1
 * @param fsync                    {@code replication.fsync}: true, an in-sync replica counts an offset toward the high
 *                                 watermark only once it is forced to disk; false, once it is written
 * @param offsetsTopicPartitions   {@code offsets.topic.num.partitions}: partitions of the offsets topic (fixed once created)
 * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor}: its replicas (at most the brokers registered
 *                                 when it is created)
 */
public record ReplicationConfig(long lagTimeMaxMs, int fetchWaitMaxMs, int fetchMaxBytes, int fetchMinBytes, long fetchBackoffMs,
                                int socketTimeoutMs, short defaultReplicationFactor, boolean fsync, int offsetsTopicPartitions,
                                short offsetsTopicReplicationFactor) {
    /** Kafka's defaults, and {@code replication.fsync=true}. */
    public static final ReplicationConfig DEFAULT = new ReplicationConfig(30_000, 500, 1_048_576, 1, 1_000, 30_000, (short) 1, true,
        50, (short) 3);

    /** Checks each value and the two relations Kafka requires, naming the keys. */
    public ReplicationConfig {
        atLeast("replica.lag.time.max.ms", lagTimeMaxMs, 1);
        atLeast("replica.fetch.wait.max.ms", fetchWaitMaxMs, 0);
        atLeast("replica.fetch.max.bytes", fetchMaxBytes, 1);
        atLeast("replica.fetch.min.bytes", fetchMinBytes, 1);
        atLeast("replica.fetch.backoff.ms", fetchBackoffMs, 0);
        atLeast("replica.socket.timeout.ms", socketTimeoutMs, 1);
        atLeast("default.replication.factor", defaultReplicationFactor, 1);
        atLeast("offsets.topic.num.partitions", offsetsTopicPartitions, 1);
        atLeast("offsets.topic.replication.factor", offsetsTopicReplicationFactor, 1);
        if (fetchWaitMaxMs > socketTimeoutMs) {
            throw new IllegalArgumentException("replica.fetch.wait.max.ms (" + fetchWaitMaxMs + ") must not be above replica.socket.timeout.ms ("
                + socketTimeoutMs + "): a fetch waiting at the leader would time out at the follower");
        }
        if (fetchWaitMaxMs > lagTimeMaxMs) {
            throw new IllegalArgumentException("replica.fetch.wait.max.ms (" + fetchWaitMaxMs + ") must not be above replica.lag.time.max.ms ("
                + lagTimeMaxMs + "): a follower waiting on an idle leader would drop out of the in-sync replicas");
        }
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
        }
    }

    static void describeKeys(Map<String, String[]> keys) {
        ReplicationConfig d = DEFAULT;
        keys.put("replica.lag.time.max.ms", new String[] {String.valueOf(d.lagTimeMaxMs()),
            "A follower that has not caught up with its leader's log end for this long leaves the in-sync replicas."});
        keys.put("replica.fetch.wait.max.ms", new String[] {String.valueOf(d.fetchWaitMaxMs()),
            "Longest a follower's fetch waits at the leader for replica.fetch.min.bytes (at most replica.socket.timeout.ms"
                + " and replica.lag.time.max.ms)."});
        keys.put("replica.fetch.max.bytes", new String[] {String.valueOf(d.fetchMaxBytes()),
            "Bytes a follower asks for per partition in one fetch (a larger first batch is still returned)."});
        keys.put("replica.fetch.min.bytes", new String[] {String.valueOf(d.fetchMinBytes()),
            "Bytes a follower's fetch waits for at the leader, up to replica.fetch.wait.max.ms."});
        keys.put("replica.fetch.backoff.ms", new String[] {String.valueOf(d.fetchBackoffMs()),
            "How long a follower pauses after a fetch that failed."});
        keys.put("replica.socket.timeout.ms", new String[] {String.valueOf(d.socketTimeoutMs()),
            "A follower's request to its leader unanswered for this long fails."});
        keys.put("default.replication.factor", new String[] {String.valueOf(d.defaultReplicationFactor()),
            "Replicas of an auto-created topic, and of a CreateTopics asking for -1."});
        keys.put("replication.fsync", new String[] {String.valueOf(d.fsync()),
            "broker-ref's own: true, an in-sync replica counts an offset toward the high watermark only once it is forced to"
                + " disk (an acknowledged acks=all write is on the disk of every in-sync replica); false, once it is written"
                + " (Kafka's page-cache behaviour)."});
        keys.put("offsets.topic.num.partitions", new String[] {String.valueOf(d.offsetsTopicPartitions()),
            "In a cluster: partitions of __consumer_offsets, where committed offsets are replicated (a group's coordinator is the"
                + " leader of its partition). Fixed once the topic exists."});
        keys.put("offsets.topic.replication.factor", new String[] {String.valueOf(d.offsetsTopicReplicationFactor()),
            "In a cluster: replicas of __consumer_offsets, at most the brokers registered when the first group needs it."});
    }

    /** Reads the keys; each has Kafka's default (broker-ref's for {@code replication.fsync}). */
    static ReplicationConfig parse(BrokerConfig.Values r) {
        ReplicationConfig d = DEFAULT;
        return new ReplicationConfig(
            r.longValue("replica.lag.time.max.ms", d.lagTimeMaxMs(), 1),
            r.integer("replica.fetch.wait.max.ms", d.fetchWaitMaxMs(), 0),
            r.integer("replica.fetch.max.bytes", d.fetchMaxBytes(), 1),
            r.integer("replica.fetch.min.bytes", d.fetchMinBytes(), 1),
            r.longValue("replica.fetch.backoff.ms", d.fetchBackoffMs(), 0),
            r.integer("replica.socket.timeout.ms", d.socketTimeoutMs(), 1),
            replicas(r, "default.replication.factor", d.defaultReplicationFactor()),
            r.bool("replication.fsync", d.fsync()),
            r.integer("offsets.topic.num.partitions", d.offsetsTopicPartitions(), 1),
            replicas(r, "offsets.topic.replication.factor", d.offsetsTopicReplicationFactor()));
    }

    private static short replicas(BrokerConfig.Values r, String key, short defaultValue) {
        long factor = r.longValue(key, defaultValue, 1);
        if (factor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be at most " + Short.MAX_VALUE + ", got " + factor);
        }
        return (short) factor;
    }
}
