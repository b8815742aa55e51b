package dev.crucible.io;

import dev.crucible.io.LeaderEpochCache.EpochEnd;

import java.io.IOException;
import java.util.NavigableMap;

/**
 * A log's {@link LeaderEpochCache} as the log keeps it: changed on the writer thread only, read from any
 * thread through an immutable snapshot of its entries published after every change (the cache itself is
 * not thread-safe).
 *
 * <p>The writer learns of new epochs from the batches it writes: before the bytes of a group are written,
 * each batch whose partition leader epoch is newer than the latest known one begins that epoch at its base
 * offset, and the checkpoint is written first, so a crash never leaves batches of an epoch that the
 * checkpoint does not know. Epochs change rarely: the cost per batch is one int comparison.
 */
final class LeaderEpochs {
    private final LeaderEpochCache cache;
    /** The writer thread's copy of the latest epoch, -1 when none: what every batch is compared with. */
    private int latest;
    private volatile NavigableMap<Integer, Long> published;

    LeaderEpochs(LeaderEpochCache cache) {
        this.cache = cache;
        publish();
    }

    // ---------------------------------------------------------------- writer thread

    /**
     * Starts the epochs that the batches of {@code pending} bring, before they are written; the first of
     * them begins at {@code firstOffset}, each following one right after the one before it.
     */
    void beforeWrite(PendingWrite pending, long firstOffset) throws IOException {
        int[] epochs = pending.batchEpochs;
        for (int i = 0; i < pending.batchCount; i++) {
            if (epochs[i] > latest) {
                assign(epochs[i], i == 0 ? firstOffset : pending.batchLastOffsets[i - 1] + 1);
            }
        }
    }

    /** Epoch {@code epoch} begins at {@code startOffset}; see {@link LeaderEpochCache#assign}. */
    boolean assign(int epoch, long startOffset) throws IOException {
        try {
            return cache.assign(epoch, startOffset);
        } finally {
            publish();
        }
    }

    /** The log now ends at {@code endOffset}: epochs that began at or after it are forgotten. */
    void truncateFromEnd(long endOffset) throws IOException {
        try {
            cache.truncateFromEnd(endOffset);
        } finally {
            publish();
        }
    }

    /** The log now starts at {@code startOffset}: the epoch it falls in begins there, older ones are forgotten. */
    void truncateFromStart(long startOffset) throws IOException {
        try {
            cache.truncateFromStart(startOffset);
        } finally {
            publish();
        }
    }

    /** The latest epoch as the writer thread knows it (the same as {@link #latestEpoch()} there). */
    int writerLatest() {
        return latest;
    }

    private void publish() {
        published = cache.snapshot();
        latest = cache.latestEpoch();
    }

    // ---------------------------------------------------------------- any thread

    /** The newest epoch, or -1 when none is known. */
    int latestEpoch() {
        NavigableMap<Integer, Long> entries = published;
        return entries.isEmpty() ? (int) LeaderEpochCache.UNDEFINED : entries.lastKey();
    }

    /** {@link LeaderEpochCache#endOffsetFor} on the published entries. */
    EpochEnd endOffsetFor(int epoch, long logEndOffset) {
        return LeaderEpochCache.endOffsetFor(published, epoch, logEndOffset);
    }

    /** The published entries, epoch to start offset, oldest first; immutable. */
    NavigableMap<Integer, Long> entries() {
        return published;
    }
}
