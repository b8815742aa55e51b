package dev.crucible.broker.broken;

import dev.crucible.broker.log.Partition;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code duplicate-offsets} mode: the data is stored correctly, but the Produce response lies. Exact
 * rule: the appends to a partition that succeed are counted from 1 (since the broker started, in log
 * order); the n-th is acknowledged with the real base offset of the (n-1)-th whenever n is a multiple of
 * {@link #EVERY}. A client is thus told that two different records hold the same offset.
 *
 * <p>An append is one partition's records in one Produce request, which Kafka clients send as one batch.
 * Counting needs no randomness, so a run is reproducible.
 */
public final class DuplicateOffsets {
    /** Every this many successful appends to a partition, one is acknowledged with the previous offset. */
    public static final int EVERY = 20;

    /** A partition's count of successful appends, the last one's base offset and that of the one before. */
    private record Seen(long appends, long lastBaseOffset, long previousBaseOffset) {
    }

    private final ConcurrentHashMap<Partition, Seen> seen = new ConcurrentHashMap<>();

    /** The base offset to report for a successful append whose real base offset is {@code baseOffset}. */
    public long reportedBaseOffset(Partition partition, long baseOffset) {
        Seen now = seen.merge(partition, new Seen(1, baseOffset, -1),
            (old, first) -> new Seen(old.appends + 1, baseOffset, old.lastBaseOffset));
        return now.appends % EVERY == 0 ? now.previousBaseOffset : baseOffset;
    }
}
