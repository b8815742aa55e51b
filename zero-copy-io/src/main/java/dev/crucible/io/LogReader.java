package dev.crucible.io;

import java.io.IOException;

/**
 * The read side of a {@link Log}, on any thread: each read takes one snapshot of the published
 * segments and holds a reference to a segment while it looks at it, so retention or a close racing
 * the read can only make it start over (and then fail with {@link LogClosedException} when the log is
 * closed), never read a released file.
 */
final class LogReader {
    private static final int FOUND = 0;
    private static final int NOTHING = 1;
    private static final int RETRY = 2;

    private final Log log;
    private final SegmentList segments;

    LogReader(Log log, SegmentList segments) {
        this.log = log;
        this.segments = segments;
    }

    /** See {@link Log#read(long, int, long, FetchSlice)}. */
    void read(long offset, int maxBytes, long maxOffset, FetchSlice out) throws IOException {
        for (;;) {
            LogSegment[] current = segments.snapshot();
            long end = log.logEndOffset();
            if (offset < current[0].baseOffset || offset > end) {
                log.requireOpen();
                throw new OffsetOutOfRangeException(offset, log.logStartOffset(), end);
            }
            if (offset >= maxOffset) {
                out.clear(offset);
                return;
            }
            int outcome = readFrom(current, SegmentList.floor(current, offset), offset, maxBytes, maxOffset, out);
            if (outcome != RETRY) {
                if (outcome == NOTHING) {
                    out.clear(offset);
                }
                return;
            }
            log.requireOpen(); // a segment closed under the read: retention removed it, or the log is closed
        }
    }

    /** Reads segment by segment from {@code first}, each held by a reference while it is read. */
    private static int readFrom(LogSegment[] current, int first, long offset, int maxBytes, long maxOffset,
                                FetchSlice out) throws IOException {
        for (int i = first; i < current.length; i++) {
            LogSegment segment = current[i];
            if (!segment.tryRetain()) {
                return RETRY;
            }
            try {
                if (segment.read(offset, maxBytes, maxOffset, out)) {
                    return FOUND;
                }
            } finally {
                segment.release();
            }
        }
        return NOTHING;
    }

    /** See {@link Log#offsetForTimestamp(long)}. */
    long offsetForTimestamp(long timestamp) throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(BatchHeaderReader.HEADERS_ONLY);
        for (LogSegment segment : segments.snapshot()) {
            if (segment.maxTimestamp() < timestamp) {
                continue;
            }
            if (!segment.tryRetain()) {
                log.requireOpen();
                continue; // removed by retention meanwhile: its offsets are gone
            }
            try {
                long offset = segment.offsetForTimestamp(timestamp, reader);
                if (offset >= 0) {
                    return offset;
                }
            } finally {
                segment.release();
            }
        }
        return -1;
    }
}
