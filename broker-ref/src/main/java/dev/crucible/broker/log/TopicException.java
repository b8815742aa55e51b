package dev.crucible.broker.log;

/** A topic operation refused; {@link #kind()} maps onto the protocol's error code. */
public final class TopicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind { INVALID_NAME, EXISTS, UNKNOWN, INVALID_PARTITIONS, INVALID_CONFIG, POLICY }

    private final Kind kind;

    public TopicException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
