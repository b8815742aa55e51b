package dev.crucible.io;

/**
 * Settings of one partition log, read once when the log opens. Names and defaults follow Apache Kafka's
 * topic configs ({@code segment.bytes}, {@code segment.ms}, {@code retention.bytes}, ...).
 *
 * @param segmentBytes      roll the active segment before it would grow past this size
 * @param segmentMs         roll the active segment once its first batch is this old
 * @param retentionBytes    delete the oldest segments while the log exceeds this size; -1 for no limit
 * @param retentionMs       delete segments whose newest timestamp is older than this; -1 for no limit
 * @param indexIntervalBytes log bytes between two sparse index entries
 * @param maxIndexBytes     preallocated size of each index file; a full index rolls the segment
 * @param flushPolicy       when appends are forced to disk and acknowledged
 * @param flushIntervalMs   force period under {@link FlushPolicy#INTERVAL}
 * @param maxBatchBytes     largest batch accepted (Kafka's {@code max.message.bytes})
 * @param fileDeleteDelayMs how long a segment removed by retention stays open for readers still on it
 */
public record LogConfig(
    int segmentBytes,
    long segmentMs,
    long retentionBytes,
    long retentionMs,
    int indexIntervalBytes,
    int maxIndexBytes,
    FlushPolicy flushPolicy,
    long flushIntervalMs,
    int maxBatchBytes,
    long fileDeleteDelayMs) {

    /** Kafka's defaults: 1 GiB segments, 7 days, 4 KiB index interval, 10 MiB indexes, page-cache flush. */
    public static final LogConfig DEFAULT = new LogConfig(
        1 << 30, 7L * 24 * 3600 * 1000, -1, 7L * 24 * 3600 * 1000, 4096, 10 << 20,
        FlushPolicy.NEVER, 1000, 1024 * 1024 + 12, 60_000);

    public LogConfig {
        require(segmentBytes >= 1024, "segment.bytes must be at least 1024, was " + segmentBytes);
        require(segmentMs > 0, "segment.ms must be positive, was " + segmentMs);
        require(retentionBytes == -1 || retentionBytes >= 0, "retention.bytes must be -1 or >= 0, was " + retentionBytes);
        require(retentionMs == -1 || retentionMs >= 0, "retention.ms must be -1 or >= 0, was " + retentionMs);
        require(indexIntervalBytes >= 0, "index.interval.bytes must be >= 0, was " + indexIntervalBytes);
        require(maxIndexBytes >= 4 * 12, "segment.index.bytes must be at least 48, was " + maxIndexBytes);
        require(flushPolicy != null, "flush policy is required");
        require(flushIntervalMs > 0, "flush interval must be positive, was " + flushIntervalMs);
        require(maxBatchBytes >= RecordBatch.HEADER_SIZE, "max batch bytes must be at least " + RecordBatch.HEADER_SIZE);
        require(fileDeleteDelayMs >= 0, "file.delete.delay.ms must be >= 0, was " + fileDeleteDelayMs);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public LogConfig withSegmentBytes(int value) {
        return new LogConfig(value, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxIndexBytes,
            flushPolicy, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withSegmentMs(long value) {
        return new LogConfig(segmentBytes, value, retentionBytes, retentionMs, indexIntervalBytes, maxIndexBytes,
            flushPolicy, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withRetentionBytes(long value) {
        return new LogConfig(segmentBytes, segmentMs, value, retentionMs, indexIntervalBytes, maxIndexBytes,
            flushPolicy, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withRetentionMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, value, indexIntervalBytes, maxIndexBytes,
            flushPolicy, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withIndexIntervalBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, value, maxIndexBytes,
            flushPolicy, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withMaxIndexBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, value,
            flushPolicy, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withFlushPolicy(FlushPolicy value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxIndexBytes,
            value, flushIntervalMs, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withFlushIntervalMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxIndexBytes,
            flushPolicy, value, maxBatchBytes, fileDeleteDelayMs);
    }

    public LogConfig withMaxBatchBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxIndexBytes,
            flushPolicy, flushIntervalMs, value, fileDeleteDelayMs);
    }

    public LogConfig withFileDeleteDelayMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxIndexBytes,
            flushPolicy, flushIntervalMs, maxBatchBytes, value);
    }
}
