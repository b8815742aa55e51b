package dev.crucible.broker.config;

import dev.crucible.io.FlushPolicy;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The topic-level settings broker-ref honours, each with Kafka's topic key, the broker-wide key that
 * sets its default, that default, and what it means. Settable at topic creation (CreateTopics configs,
 * {@code kafka-topics --config}) and shown by DescribeConfigs.
 */
public enum TopicConfigKey {
    SEGMENT_BYTES("segment.bytes", "log.segment.bytes", "1073741824",
        "Roll a new segment file when the active one reaches this many bytes.", v -> atLeast(v, 1024)),
    SEGMENT_MS("segment.ms", "log.roll.ms", "604800000",
        "Roll a new segment when the active one's first batch is this old.", v -> atLeast(v, 1)),
    RETENTION_MS("retention.ms", "log.retention.ms", "604800000",
        "Delete whole segments whose newest record is older than this; -1 keeps them forever.", TopicConfigKey::minusOneOrMore),
    RETENTION_BYTES("retention.bytes", "log.retention.bytes", "-1",
        "Delete the oldest whole segments while the partition is larger than this; -1 for no limit.", TopicConfigKey::minusOneOrMore),
    CLEANUP_POLICY("cleanup.policy", "log.cleanup.policy", "delete",
        "Only 'delete' (retention by time and size); compaction is not implemented.", v -> oneOf(v, "delete")),
    MESSAGE_TIMESTAMP_TYPE("message.timestamp.type", "log.message.timestamp.type", "CreateTime",
        "CreateTime keeps the producer's timestamps; LogAppendTime stamps each batch with the broker's clock.",
        v -> oneOf(v, "CreateTime", "LogAppendTime")),
    MESSAGE_TIMESTAMP_BEFORE_MAX_MS("message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms",
        "9223372036854775807", "On CreateTime topics, a record whose timestamp is further than this in the past is refused"
            + " (INVALID_TIMESTAMP).", v -> atLeast(v, 0)),
    MESSAGE_TIMESTAMP_AFTER_MAX_MS("message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms", "3600000",
        "On CreateTime topics, a record whose timestamp is further than this in the future is refused (INVALID_TIMESTAMP).",
        v -> atLeast(v, 0)),
    MAX_MESSAGE_BYTES("max.message.bytes", "message.max.bytes", "1048588",
        "Largest record batch accepted, in bytes (MESSAGE_TOO_LARGE above).", v -> atLeast(v, 61)),
    SEGMENT_INDEX_BYTES("segment.index.bytes", "log.index.size.max.bytes", "10485760",
        "Size the offset and time indexes are preallocated to; a full index rolls the segment.", v -> atLeast(v, 48)),
    INDEX_INTERVAL_BYTES("index.interval.bytes", "log.index.interval.bytes", "4096",
        "Bytes of log between two offset-index entries.", v -> atLeast(v, 0)),
    FILE_DELETE_DELAY_MS("file.delete.delay.ms", "log.segment.delete.delay.ms", "60000",
        "How long a segment deleted by retention stays open for fetches already reading it.", v -> atLeast(v, 0)),
    FLUSH_POLICY("flush.policy", "log.flush.policy", "never",
        "broker-ref's own: 'always' acknowledges a produce only after fsync (one per group commit), "
            + "'interval' after the write with an fsync every flush.ms, 'never' (Kafka's default) leaves it to the page cache.",
        FlushPolicy::parse),
    FLUSH_MS("flush.ms", "log.flush.interval.ms", "1000",
        "fsync interval under flush.policy=interval.", v -> atLeast(v, 1)),
    MIN_INSYNC_REPLICAS("min.insync.replicas", "min.insync.replicas", "1",
        "The in-sync replicas an acks=all produce needs (at most the replication factor counts); below it the leader refuses"
            + " acks=all with NOT_ENOUGH_REPLICAS and its high watermark stands still. A broker alone is its one in-sync replica.",
        v -> atLeast(v, 1));

    private final String topicKey;
    private final String brokerKey;
    private final String defaultValue;
    private final String doc;
    private final Consumer<String> validator;

    TopicConfigKey(String topicKey, String brokerKey, String defaultValue, String doc, Consumer<String> validator) {
        this.topicKey = topicKey;
        this.brokerKey = brokerKey;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.validator = validator;
    }

    public String topicKey() {
        return topicKey;
    }

    public String brokerKey() {
        return brokerKey;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** Throws IllegalArgumentException, with a message naming the key, when the value is not allowed. */
    public void validate(String value) {
        try {
            validator.accept(value == null ? "" : value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid value '" + value + "' for " + topicKey + ": " + e.getMessage(), e);
        }
    }

    public static TopicConfigKey byTopicKey(String key) {
        for (TopicConfigKey k : values()) {
            if (k.topicKey.equals(key)) {
                return k;
            }
        }
        return null;
    }

    private static void atLeast(String value, long min) {
        long v = Long.parseLong(value);
        if (v < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
    }

    private static void minusOneOrMore(String value) {
        long v = Long.parseLong(value);
        if (v < -1) {
            throw new IllegalArgumentException("must be -1 or more");
        }
    }

    private static void oneOf(String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value) || a.toLowerCase(Locale.ROOT).equals(value)) {
                return;
            }
        }
        throw new IllegalArgumentException("allowed: " + String.join(", ", allowed));
    }
}
