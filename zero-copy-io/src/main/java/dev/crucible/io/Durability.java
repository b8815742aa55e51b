package dev.crucible.io;

/**
 * What of a log is known to be on disk, and when the flush policy wants the next force. Written on
 * the writer thread only; the two offsets are volatile so any thread may read them.
 *
 * <ul>
 *   <li>{@link #durableEndOffset()}: offsets below it are forced (the active segment included).</li>
 *   <li>{@link #recoveryPoint()}: every segment wholly below it is forced, so a recovery after a crash
 *       need not validate it.</li>
 * </ul>
 */
final class Durability {
    private final FlushPolicy policy;
    private final long flushIntervalMs;
    private volatile long durableEndOffset;
    private volatile long recoveryPoint;
    private volatile long forceCount;
    private boolean dirty;
    private long lastFlushMs;
    private long truncations;

    Durability(LogConfig config, long endOffset, long recoveryPoint, long nowMs) {
        this.policy = config.flushPolicy();
        this.flushIntervalMs = config.flushIntervalMs();
        this.durableEndOffset = endOffset;
        this.recoveryPoint = recoveryPoint;
        this.lastFlushMs = nowMs;
    }

    long durableEndOffset() {
        return durableEndOffset;
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    long forceCount() {
        return forceCount;
    }

    /** Bytes were written to the active segment and are not forced yet. */
    void written() {
        dirty = true;
    }

    boolean dirty() {
        return dirty;
    }

    /** Under {@link FlushPolicy#ALWAYS}: a written group is forced before its appends complete. */
    boolean forceAfterGroup() {
        return policy == FlushPolicy.ALWAYS && dirty;
    }

    /** Under {@link FlushPolicy#INTERVAL}: written bytes wait at most the interval for a force. */
    boolean forceDue(long nowMs) {
        return policy == FlushPolicy.INTERVAL && dirty && nowMs - lastFlushMs >= flushIntervalMs;
    }

    /** Whether a roll forces the segment it closes (and the directory) on the writer thread. */
    boolean forceOnRoll() {
        return policy != FlushPolicy.NEVER;
    }

    /** The active segment (base {@code activeBase}) was forced with the log ending at {@code endOffset}. */
    void activeForced(long endOffset, long activeBase, long nowMs) {
        forceCount++;
        durableEndOffset = endOffset;
        if (policy != FlushPolicy.NEVER || recoveryPoint >= activeBase) {
            recoveryPoint = endOffset; // every rolled segment is forced already
        }
        dirty = false;
        lastFlushMs = nowMs;
    }

    /** The rolled segments below {@code nextBaseOffset} are all forced. */
    void rolledSegmentsForced(long nextBaseOffset) {
        recoveryPoint = Math.max(recoveryPoint, nextBaseOffset);
    }

    /** Truncations so far: a background force started before one may be of a segment no longer in the log. */
    long truncations() {
        return truncations;
    }

    /**
     * The background flusher forced the segments below {@code nextBaseOffset}, rolled when
     * {@link #truncations()} was {@code truncationsAtRoll}. Ignored after a truncation since: the offsets
     * past the cut belong to segments written anew, not forced.
     */
    void rolledSegmentsForcedInBackground(long nextBaseOffset, long truncationsAtRoll) {
        if (truncationsAtRoll == truncations) {
            rolledSegmentsForced(nextBaseOffset);
        }
    }

    /** The log was cut back to {@code endOffset}: nothing past it is on disk any more. */
    void truncated(long endOffset) {
        truncations++;
        durableEndOffset = Math.min(durableEndOffset, endOffset);
        recoveryPoint = Math.min(recoveryPoint, endOffset);
    }
}
