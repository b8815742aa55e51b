package dev.crucible.load.workload;

/** Bounds on message sizes. */
public final class MessageSizes {
    /** Every message starts with the stamp, so it is at least this long. */
    public static final int MIN_MESSAGE_BYTES = 32;
    /** Largest message the generator builds (Kafka's default max.message.bytes is about 1 MiB). */
    public static final int MAX_MESSAGE_BYTES = 64 << 20;

    private MessageSizes() {}
}
