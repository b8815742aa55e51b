package dev.crucible.io;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Retention on the writer thread: deletes whole old segments past {@code retention.ms} or
 * {@code retention.bytes}, oldest first, never the active (newest) one. A deleted segment is
 * unpublished and renamed at once (so the log start offset advances and a restart forgets it), but
 * its files are closed only {@code file.delete.delay.ms} later, for readers still sending from it.
 */
final class Retention {
    private final LogConfig config;
    private final SegmentList segments;
    private final ArrayDeque<LogSegment> pendingDeletes = new ArrayDeque<>();
    private final ArrayDeque<Long> pendingDeleteDeadlines = new ArrayDeque<>();

    Retention(LogConfig config, SegmentList segments) {
        this.config = config;
        this.segments = segments;
    }

    /** True when every batch of the active segment is past {@code retention.ms}: the log rolls, then deletes it. */
    boolean activeExpired(LogSegment active, long nowMs) {
        return config.retentionMs() >= 0 && active.size() > 0 && active.maxTimestamp() >= 0
            && nowMs - active.maxTimestamp() > config.retentionMs();
    }

    /** Deletes the segments past either limit, oldest first; returns how many. */
    int deleteExpired(long nowMs) throws IOException {
        int deleted = 0;
        if (config.retentionMs() >= 0) {
            while (segments.count() > 1 && segments.first().maxTimestamp() >= 0
                && nowMs - segments.first().maxTimestamp() > config.retentionMs()) {
                deleteOldest(nowMs);
                deleted++;
            }
        }
        if (config.retentionBytes() >= 0) {
            long excess = segments.sizeInBytes() - config.retentionBytes();
            while (segments.count() > 1 && excess - segments.first().size() >= 0) {
                excess -= segments.first().size();
                deleteOldest(nowMs);
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteOldest(long nowMs) throws IOException {
        LogSegment oldest = segments.removeOldest();
        oldest.markDeleted();
        pendingDeletes.addLast(oldest);
        pendingDeleteDeadlines.addLast(nowMs + config.fileDeleteDelayMs());
    }

    /** Closes and removes the deleted segments whose delay is over. */
    void closeDue(long nowMs) {
        while (!pendingDeletes.isEmpty() && nowMs - pendingDeleteDeadlines.peekFirst() >= 0) {
            pendingDeleteDeadlines.pollFirst();
            deleteQuietly(pendingDeletes.pollFirst());
        }
    }

    /** Closes and removes every deleted segment now (the log is closing). */
    void closeAll() {
        while (!pendingDeletes.isEmpty()) {
            pendingDeleteDeadlines.pollFirst();
            deleteQuietly(pendingDeletes.pollFirst());
        }
    }

    private static void deleteQuietly(LogSegment segment) {
        try {
            segment.closeAndDelete();
        } catch (RuntimeException e) {
            // the file is already renamed away; the next open removes *.deleted leftovers
        }
    }
}
