package dev.crucible.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Cutting a log's tail (Kafka's {@code truncateTo}), on the writer thread: the segments wholly after
 * the offset are unpublished and deleted newest first, so a crash part way leaves a prefix of the
 * log; the segment holding the offset is cut before the batch holding it and becomes the newest.
 */
final class Truncation {
    private Truncation() {
    }

    /** Cuts {@code segments} so that the newest ends at most at {@code offset}, which is within the log. */
    static void cut(Path dir, FileChannelOpener files, SegmentList segments, long offset) throws IOException {
        int keep = SegmentList.floor(segments.snapshot(), offset);
        while (segments.count() - 1 > keep) {
            LogSegment dropped = segments.removeNewest();
            dropped.markDeleted(); // renamed now: a reader may hold the files a while longer
            dropped.closeAndDelete();
        }
        segments.last().truncateTo(offset, new BatchHeaderReader(BatchHeaderReader.RECOVERY_CHUNK));
        Log.syncDirectory(dir, files);
    }
}
