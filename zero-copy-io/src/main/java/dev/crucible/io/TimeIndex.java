package dev.crucible.io;

import java.nio.file.Path;

/**
 * Kafka's time index ({@code .timeindex}): entries of
 *
 * <pre>
 * offset  size  field
 *      0     8  timestamp       largest timestamp seen in the segment up to the offset below
 *      8     4  relativeOffset  last offset of the batch holding that timestamp, minus the base offset
 * </pre>
 *
 * Timestamps strictly increase from entry to entry, offsets never decrease. Every record at or before
 * an entry's offset has a timestamp at most the entry's timestamp.
 */
final class TimeIndex extends MappedIndex {
    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexBytes, boolean writable) {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes, writable);
    }

    TimeIndex(Path file, long baseOffset, int maxIndexBytes, Mode mode) {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes, mode);
    }

    /** Appends unless the timestamp is not newer than the last entry's or the index is full. */
    void maybeAppend(long timestamp, long offset) {
        int n = entries();
        if ((n > 0 && timestamp <= timestamp(n - 1)) || isFull()) {
            return;
        }
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE || (n > 0 && relative < relativeOffset(n - 1))) {
            throw new IllegalArgumentException("time index offset " + offset + " out of order in segment " + baseOffset);
        }
        int at = nextSlot();
        mmap.putLong(at, timestamp);
        mmap.putInt(at + 8, (int) relative);
        publishEntry();
    }

    long timestamp(int n) {
        return mmap.getLong(slot(n));
    }

    int relativeOffset(int n) {
        return mmap.getInt(slot(n) + 8);
    }

    /**
     * The offset from which a search for the first record with timestamp at least {@code target} may
     * start: that of the last entry whose timestamp is below the target, else the base offset.
     */
    long startOffsetFor(long target) {
        int lo = 0;
        int hi = entries() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamp(mid) < target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? baseOffset : baseOffset + relativeOffset(found);
    }

    /** Offset of the last entry, or the base offset when empty. */
    long lastOffset() {
        int n = entries();
        return n == 0 ? baseOffset : baseOffset + relativeOffset(n - 1);
    }

    /** Largest timestamp indexed, or -1 when empty. */
    long lastTimestamp() {
        int n = entries();
        return n == 0 ? -1 : timestamp(n - 1);
    }

    void sanityCheck(long nextBaseOffset) {
        sanityCheck(nextBaseOffset, 0);
    }

    /** As {@link #sanityCheck(long)}, from entry {@code from} on (the last only, after a clean stop). */
    void sanityCheck(long nextBaseOffset, int from) {
        int n = entries();
        for (int i = Math.max(0, from); i < n; i++) {
            int rel = relativeOffset(i);
            boolean ordered = i == 0 || (timestamp(i) > timestamp(i - 1) && rel >= relativeOffset(i - 1));
            if (rel < 0 || !ordered || baseOffset + rel >= nextBaseOffset) {
                throw new CorruptIndexException(file() + ": entry " + i + " is inconsistent");
            }
        }
    }
}
