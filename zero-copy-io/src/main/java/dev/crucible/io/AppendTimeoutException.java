package dev.crucible.io;

/**
 * An append that waited too long for room in the writer's queue (the disk cannot keep up) and was
 * given up before anything of it was written. Brokers answer it as a timeout the client may retry.
 */
public final class AppendTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AppendTimeoutException(String message) {
        super(message, null, false, false);
    }
}
