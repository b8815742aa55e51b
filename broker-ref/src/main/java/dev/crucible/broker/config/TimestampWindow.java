package dev.crucible.broker.config;

/**
 * How far a record's CreateTime may lie from the broker's clock on a topic
 * ({@code message.timestamp.before.max.ms}, {@code message.timestamp.after.max.ms}); a LogAppendTime
 * topic stamps its own time and allows anything. Built once per topic configuration.
 */
public record TimestampWindow(boolean logAppendTime, long beforeMaxMs, long afterMaxMs) {
    /** Allows every timestamp. */
    public static final TimestampWindow ANY = new TimestampWindow(true, Long.MAX_VALUE, Long.MAX_VALUE);

    /** True when a record stamped {@code timestamp} may be stored at {@code nowMs}. */
    public boolean allows(long timestamp, long nowMs) {
        return logAppendTime || timestamp < 0 // -1: no timestamp, as old clients send
            || (nowMs - timestamp <= beforeMaxMs && timestamp - nowMs <= afterMaxMs);
    }
}
