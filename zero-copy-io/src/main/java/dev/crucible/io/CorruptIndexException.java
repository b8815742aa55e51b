package dev.crucible.io;

/** An index file that fails its sanity check; the log rebuilds the index from the segment's batches. */
final class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptIndexException(String message) {
        super(message);
    }
}
