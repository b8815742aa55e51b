package dev.crucible.io;

/**
 * What a log tells its owner, on the writer's thread, at the points where state derived from the log
 * (a broker's producer state) is worth saving: every append before the call is in the log, no append
 * after it is. A listener must be quick and must not throw; a failure of its own is its own to report.
 */
public interface LogListener {
    /** A new segment starts at {@code baseOffset}; everything below it has been appended. */
    default void rolled(Log log, long baseOffset) {
    }

    /** The log is closing cleanly; everything below {@code logEndOffset} has been appended and forced. */
    default void closing(Log log, long logEndOffset) {
    }
}
