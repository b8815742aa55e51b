package dev.crucible.io;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A pool of direct buffers in power-of-two size classes, shared by any threads. Acquire and release
 * are lock-free queue operations; once the pool has warmed up, a steady stream of appends allocates
 * nothing. A release into a full class drops the buffer for the GC, which bounds what the pool keeps.
 */
public final class DirectBufferPool {
    private static final int MIN_SHIFT = 10;
    private final ManyToManyConcurrentArrayQueue<ByteBuffer>[] classes;
    private final int maxBufferBytes;

    /**
     * @param maxBufferBytes largest buffer handed out (rounded up to a power of two)
     * @param buffersPerClass buffers kept per size class
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public DirectBufferPool(int maxBufferBytes, int buffersPerClass) {
        int maxShift = shiftFor(maxBufferBytes);
        this.maxBufferBytes = 1 << maxShift;
        this.classes = new ManyToManyConcurrentArrayQueue[maxShift - MIN_SHIFT + 1];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = new ManyToManyConcurrentArrayQueue<>(Math.max(2, buffersPerClass));
        }
    }

    private static int shiftFor(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive, was " + bytes);
        }
        return Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(bytes - 1));
    }

    /** A cleared big-endian direct buffer of at least {@code minBytes}, limit set to {@code minBytes}. */
    public ByteBuffer acquire(int minBytes) {
        if (minBytes > maxBufferBytes) {
            throw new IllegalArgumentException(minBytes + " bytes exceeds the pool's largest buffer of " + maxBufferBytes);
        }
        int shift = shiftFor(minBytes);
        ByteBuffer buffer = classes[shift - MIN_SHIFT].poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(1 << shift).order(ByteOrder.BIG_ENDIAN);
        }
        buffer.clear().limit(minBytes);
        return buffer;
    }

    /** Returns a buffer acquired from this pool. */
    public void release(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (Integer.bitCount(capacity) != 1 || capacity > maxBufferBytes || capacity < (1 << MIN_SHIFT) || !buffer.isDirect()) {
            throw new IllegalArgumentException("buffer of " + capacity + " bytes is not from this pool");
        }
        classes[shiftFor(capacity) - MIN_SHIFT].offer(buffer);
    }
}
