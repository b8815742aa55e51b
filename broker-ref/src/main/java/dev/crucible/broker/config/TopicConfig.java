package dev.crucible.broker.config;

import dev.crucible.io.FlushPolicy;
import dev.crucible.io.LogConfig;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One topic's effective settings: the broker's defaults overlaid with the topic's own overrides. The
 * overrides alone are what is stored with the topic, so a later change of a broker default reaches
 * every topic that did not set the key itself.
 */
public final class TopicConfig {
    private final Map<TopicConfigKey, String> defaults;
    private final Map<String, String> overrides;
    // read on every produce: parsed once here
    private final TimestampWindow timestampWindow;
    private final int maxMessageBytes;

    private TopicConfig(Map<TopicConfigKey, String> defaults, Map<String, String> overrides) {
        this.defaults = defaults;
        this.overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
        this.timestampWindow = new TimestampWindow(logAppendTime(), getLong(TopicConfigKey.MESSAGE_TIMESTAMP_BEFORE_MAX_MS),
            getLong(TopicConfigKey.MESSAGE_TIMESTAMP_AFTER_MAX_MS));
        this.maxMessageBytes = (int) Math.min(Integer.MAX_VALUE, getLong(TopicConfigKey.MAX_MESSAGE_BYTES));
    }

    /**
     * Validates {@code overrides} (topic keys such as {@code retention.ms}) against the defaults.
     *
     * @throws IllegalArgumentException naming the first unknown key or bad value
     */
    public static TopicConfig of(Map<TopicConfigKey, String> defaults, Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            TopicConfigKey key = TopicConfigKey.byTopicKey(e.getKey());
            if (key == null) {
                throw new IllegalArgumentException("unknown topic config '" + e.getKey() + "'");
            }
            key.validate(e.getValue());
        }
        TopicConfig config = new TopicConfig(new EnumMap<>(defaults), overrides);
        config.toLogConfig(); // cross-checks the combination
        return config;
    }

    public String get(TopicConfigKey key) {
        String v = overrides.get(key.topicKey());
        return v != null ? v.trim() : defaults.get(key);
    }

    public boolean isOverridden(TopicConfigKey key) {
        return overrides.containsKey(key.topicKey());
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    private long getLong(TopicConfigKey key) {
        return Long.parseLong(get(key));
    }

    public boolean logAppendTime() {
        return "LogAppendTime".equalsIgnoreCase(get(TopicConfigKey.MESSAGE_TIMESTAMP_TYPE));
    }

    /** How far in the past a record's CreateTime may be ({@code message.timestamp.before.max.ms}). */
    public long timestampBeforeMaxMs() {
        return getLong(TopicConfigKey.MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    }

    /** How far in the future a record's CreateTime may be ({@code message.timestamp.after.max.ms}). */
    public long timestampAfterMaxMs() {
        return getLong(TopicConfigKey.MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The CreateTime window a produced record must fall in. */
    public TimestampWindow timestampWindow() {
        return timestampWindow;
    }

    /** The engine's view of these settings. */
    public LogConfig toLogConfig() {
        return LogConfig.DEFAULT
            .withSegmentBytes((int) Math.min(Integer.MAX_VALUE, getLong(TopicConfigKey.SEGMENT_BYTES)))
            .withSegmentMs(getLong(TopicConfigKey.SEGMENT_MS))
            .withRetentionMs(getLong(TopicConfigKey.RETENTION_MS))
            .withRetentionBytes(getLong(TopicConfigKey.RETENTION_BYTES))
            .withMaxIndexBytes((int) Math.min(Integer.MAX_VALUE, getLong(TopicConfigKey.SEGMENT_INDEX_BYTES)))
            .withIndexIntervalBytes((int) Math.min(Integer.MAX_VALUE, getLong(TopicConfigKey.INDEX_INTERVAL_BYTES)))
            .withFileDeleteDelayMs(getLong(TopicConfigKey.FILE_DELETE_DELAY_MS))
            .withFlushPolicy(FlushPolicy.parse(get(TopicConfigKey.FLUSH_POLICY)))
            .withFlushIntervalMs(getLong(TopicConfigKey.FLUSH_MS))
            .withMaxBatchBytes(maxMessageBytes());
    }
}
