package dev.crucible.io;

import java.util.Arrays;

/**
 * A log's segments, oldest first, as one published array: the writer thread replaces the array
 * (copy on write) and readers on any thread take one volatile snapshot and search it. The first
 * segment's base offset is the log start offset, so the two can never disagree.
 */
final class SegmentList {
    private volatile LogSegment[] segments;

    SegmentList(LogSegment[] initial) {
        if (initial.length == 0) {
            throw new IllegalArgumentException("a log has at least one segment");
        }
        this.segments = initial;
    }

    /** One consistent snapshot for a reader; never modified. */
    LogSegment[] snapshot() {
        return segments;
    }

    LogSegment first() {
        return segments[0];
    }

    LogSegment last() {
        LogSegment[] current = segments;
        return current[current.length - 1];
    }

    int count() {
        return segments.length;
    }

    /** First offset still in the log. */
    long startOffset() {
        return segments[0].baseOffset;
    }

    long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments) {
            total += segment.size();
        }
        return total;
    }

    long[] baseOffsets() {
        LogSegment[] current = segments;
        long[] bases = new long[current.length];
        for (int i = 0; i < current.length; i++) {
            bases[i] = current[i].baseOffset;
        }
        return bases;
    }

    /** Writer thread: publishes a new newest segment. */
    void add(LogSegment next) {
        LogSegment[] current = segments;
        LogSegment[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = next;
        segments = grown;
    }

    /** Writer thread: unpublishes the oldest segment (never the only one) and returns it. */
    LogSegment removeOldest() {
        LogSegment[] current = segments;
        segments = Arrays.copyOfRange(current, 1, current.length);
        return current[0];
    }

    /** Writer thread: unpublishes the newest segment (never the only one) and returns it. */
    LogSegment removeNewest() {
        LogSegment[] current = segments;
        segments = Arrays.copyOf(current, current.length - 1);
        return current[current.length - 1];
    }

    /** Index of the segment that holds {@code offset}: the last whose base offset is at most it (0 when none). */
    static int floor(LogSegment[] current, long offset) {
        int lo = 0;
        int hi = current.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (current[mid].baseOffset <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
