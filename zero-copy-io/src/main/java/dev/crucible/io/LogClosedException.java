package dev.crucible.io;

/**
 * A read of a log (or of a segment that retention removed) after it was closed: the partition was
 * deleted or the broker is shutting down. Brokers answer it as an unknown partition; no byte of the
 * closed files is touched.
 */
public final class LogClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogClosedException(String message) {
        super(message);
    }
}
