package dev.crucible.io;

import java.nio.file.Path;

/**
 * Kafka's sparse offset index ({@code .index}): entries of
 *
 * <pre>
 * offset  size  field
 *      0     4  relativeOffset  last offset of an indexed batch, minus the segment's base offset
 *      4     4  position        file position of that batch in the segment's .log
 * </pre>
 *
 * Both columns strictly increase, so lookups are binary searches over the mapped file.
 */
final class OffsetIndex extends MappedIndex {
    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexBytes, boolean writable) {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes, writable);
    }

    OffsetIndex(Path file, long baseOffset, int maxIndexBytes, Mode mode) {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes, mode);
    }

    /** Appends (lastOffset of a batch, its position). Offsets and positions must increase. */
    void append(long offset, int position) {
        long relative = offset - baseOffset;
        int n = entries();
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit segment " + baseOffset);
        }
        if (n > 0 && (relative <= relativeOffset(n - 1) || position <= position(n - 1))) {
            throw new IllegalArgumentException("index entries must increase: (" + offset + ", " + position
                + ") after (" + (baseOffset + relativeOffset(n - 1)) + ", " + position(n - 1) + ")");
        }
        int at = nextSlot();
        mmap.putInt(at, (int) relative);
        mmap.putInt(at + 4, position);
        publishEntry();
    }

    int relativeOffset(int n) {
        return mmap.getInt(slot(n));
    }

    int position(int n) {
        return mmap.getInt(slot(n) + 4);
    }

    /**
     * Position from which to scan for {@code targetOffset}: that of the last entry whose offset is at most
     * the target and whose position is below {@code positionLimit}; 0 when there is none.
     */
    int lookup(long targetOffset, int positionLimit) {
        long relative = targetOffset - baseOffset;
        int lo = 0;
        int hi = entries() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (relativeOffset(mid) <= relative && position(mid) < positionLimit) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : position(found);
    }

    /** The largest indexed position at most {@code position}; {@code floor} when there is none above it. */
    int floorPosition(int position, int floor) {
        int lo = 0;
        int hi = entries() - 1;
        int best = floor;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int p = position(mid);
            if (p <= position) {
                best = Math.max(best, p);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** Last offset indexed, or -1 when empty. */
    long lastOffset() {
        int n = entries();
        return n == 0 ? -1 : baseOffset + relativeOffset(n - 1);
    }

    /**
     * Verifies a loaded index against its segment: entries increasing, inside the log and below the next
     * segment's base offset.
     */
    void sanityCheck(long logSize, long nextBaseOffset) {
        sanityCheck(logSize, nextBaseOffset, 0);
    }

    /** As {@link #sanityCheck(long, long)}, from entry {@code from} on (the last only, after a clean stop). */
    void sanityCheck(long logSize, long nextBaseOffset, int from) {
        int n = entries();
        for (int i = Math.max(0, from); i < n; i++) {
            int rel = relativeOffset(i);
            int pos = position(i);
            boolean increasing = i == 0 || (rel > relativeOffset(i - 1) && pos > position(i - 1));
            if (rel < 0 || pos < 0 || !increasing || pos >= logSize || baseOffset + rel >= nextBaseOffset) {
                throw new CorruptIndexException(file() + ": entry " + i + " (" + rel + ", " + pos + ") is inconsistent");
            }
        }
    }
}
