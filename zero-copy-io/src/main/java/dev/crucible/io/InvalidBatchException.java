package dev.crucible.io;

/**
 * A record batch that the engine refuses: wrong length, magic, offsets or CRC. Thrown before any
 * byte of the append reaches the log, so the log is left exactly as it was.
 */
public final class InvalidBatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidBatchException(String message) {
        super(message);
    }
}
