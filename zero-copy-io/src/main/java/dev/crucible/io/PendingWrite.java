package dev.crucible.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The writer thread's reusable description of one gathering write: the buffers, and for each batch in
 * them its size, last offset and max timestamp (what the indexes need) and its partition leader epoch
 * (what the leader-epoch cache needs). Grows to the largest group seen, then allocates no more.
 */
final class PendingWrite {
    ByteBuffer[] buffers = new ByteBuffer[64];
    int bufferCount;
    long bytes;
    int batchCount;
    int[] batchSizes = new int[64];
    long[] batchLastOffsets = new long[64];
    long[] batchMaxTimestamps = new long[64];
    int[] batchEpochs = new int[64];

    void clear() {
        Arrays.fill(buffers, 0, bufferCount, null);
        bufferCount = 0;
        bytes = 0;
        batchCount = 0;
    }

    boolean isEmpty() {
        return bufferCount == 0;
    }

    void addBuffer(ByteBuffer buffer) {
        if (bufferCount == buffers.length) {
            buffers = Arrays.copyOf(buffers, bufferCount * 2);
        }
        buffers[bufferCount++] = buffer;
        bytes += buffer.remaining();
    }

    void addBatch(int size, long lastOffset, long maxTimestamp, int leaderEpoch) {
        if (batchCount == batchSizes.length) {
            int n = batchCount * 2;
            batchSizes = Arrays.copyOf(batchSizes, n);
            batchLastOffsets = Arrays.copyOf(batchLastOffsets, n);
            batchMaxTimestamps = Arrays.copyOf(batchMaxTimestamps, n);
            batchEpochs = Arrays.copyOf(batchEpochs, n);
        }
        batchSizes[batchCount] = size;
        batchLastOffsets[batchCount] = lastOffset;
        batchMaxTimestamps[batchCount] = maxTimestamp;
        batchEpochs[batchCount] = leaderEpoch;
        batchCount++;
    }
}
