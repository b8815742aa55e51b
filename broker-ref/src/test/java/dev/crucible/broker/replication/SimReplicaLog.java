package dev.crucible.broker.replication;

import dev.crucible.io.LeaderEpochCache;
import dev.crucible.io.LeaderEpochCache.EpochEnd;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partition log in memory for the replication simulation: one record per offset (its leader epoch
 * and value), the part forced to "disk" (what survives a power loss), an epoch cache with the real
 * cache's rules, and a running hash of every prefix so that two logs (or a log and the committed
 * history) are compared below any offset in O(1).
 */
final class SimReplicaLog {
    private int[] epochs = new int[64];
    private int[] values = new int[64];
    private long[] prefixHash = new long[64];
    private int size;
    private int flushed;
    private final TreeMap<Integer, Long> epochStarts = new TreeMap<>();

    int end() {
        return size;
    }

    int flushedEnd() {
        return flushed;
    }

    int epochAt(int offset) {
        return epochs[offset];
    }

    int valueAt(int offset) {
        return values[offset];
    }

    /** Hash of the records [0, n). */
    long prefixHash(int n) {
        return n == 0 ? 0 : prefixHash[n - 1];
    }

    static long extend(long hash, int epoch, int value) {
        long h = hash * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + value;
        return h ^ (h >>> 29);
    }

    void append(int epoch, int value) {
        if (size == values.length) {
            epochs = Arrays.copyOf(epochs, size * 2);
            values = Arrays.copyOf(values, size * 2);
            prefixHash = Arrays.copyOf(prefixHash, size * 2);
        }
        if (epoch > latestEpoch()) {
            epochStarts.put(epoch, (long) size);
        }
        epochs[size] = epoch;
        values[size] = value;
        prefixHash[size] = extend(prefixHash(size), epoch, value);
        size++;
    }

    void flush() {
        flushed = size;
    }

    /**
     * Cuts the log to end at {@code offset}, and the epoch cache with it. The cache is cut even when no
     * record goes: an epoch this broker began as leader without appending to it starts at the log end
     * and would otherwise make every fetch it sends look divergent (Kafka's truncateTo does the same).
     */
    void truncate(int offset) {
        size = Math.max(0, Math.min(offset, size));
        flushed = Math.min(flushed, size);
        epochStarts.values().removeIf(start -> start >= size);
    }

    /** A power loss: what was not forced is gone. */
    void losePageCache() {
        truncate(flushed);
    }

    /** A new leader's epoch starts at the log end (Kafka assigns it before serving). */
    void assignEpoch(int epoch) {
        Map.Entry<Integer, Long> latest = epochStarts.lastEntry();
        if (latest != null && latest.getKey() >= epoch) {
            return;
        }
        epochStarts.put(epoch, (long) size);
    }

    int latestEpoch() {
        return epochStarts.isEmpty() ? -1 : epochStarts.lastKey();
    }

    /** The leader-epoch cache's answer, as {@link dev.crucible.io.LeaderEpochCache#endOffsetFor} gives it. */
    EpochEnd endOffsetFor(int requested) {
        return LeaderEpochCache.endOffsetFor(epochStarts, requested, size);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = Math.max(0, size - 12); i < size; i++) {
            s.append(i).append(':').append(values[i]).append('@').append(epochs[i]).append(i < size - 1 ? " " : "");
        }
        return s.append("] end ").append(size).append(" flushed ").append(flushed).append(" epochs ").append(epochStarts).toString();
    }
}
