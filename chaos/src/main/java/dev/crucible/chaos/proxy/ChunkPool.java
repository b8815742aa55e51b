package dev.crucible.chaos.proxy;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The data chunks of one direction: allocated on first need up to a fixed count, then reused. The
 * reader takes, the writer gives back; when all are in flight the reader waits, which bounds the
 * bytes a direction holds and lets TCP flow control slow the sender, as a slow link would.
 */
final class ChunkPool {
    private final int chunkBytes;
    private final int maxChunks;
    private final ArrayBlockingQueue<Chunk> free;
    private int allocated; // only the reader allocates

    ChunkPool(int chunkBytes, int maxChunks) {
        this.chunkBytes = chunkBytes;
        this.maxChunks = maxChunks;
        this.free = new ArrayBlockingQueue<>(maxChunks);
    }

    /** A free chunk; waits while all are in flight. Reader thread only. */
    Chunk acquire() throws InterruptedException {
        Chunk chunk = free.poll();
        if (chunk != null) {
            return chunk;
        }
        if (allocated < maxChunks) {
            allocated++;
            return new Chunk(chunkBytes);
        }
        return free.take();
    }

    /** Gives a data chunk back. */
    void release(Chunk chunk) {
        if (!free.offer(chunk)) {
            throw new IllegalStateException("chunk released twice");
        }
    }
}
