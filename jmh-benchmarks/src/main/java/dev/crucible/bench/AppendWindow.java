package dev.crucible.bench;

import dev.crucible.io.AppendCallback;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.DirectBufferPool;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.TimeUnit;

/**
 * One producer thread's appends in flight: a fixed set of reusable {@link AppendRequest}s, at most
 * {@code capacity} of them submitted at once. The completion callback, on the log's writer thread,
 * releases the request's buffer to the pool and hands the request back through a queue, so a steady
 * stream of appends allocates nothing.
 */
final class AppendWindow implements AppendCallback {
    private final int capacity;
    private final DirectBufferPool pool;
    /** Free requests: offered by the writer thread (or a submitter when the writer is closed), polled by the owner. */
    private final ManyToOneConcurrentArrayQueue<AppendRequest> free;
    private final IdleStrategy idle = new BackoffIdleStrategy(
        100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    private volatile Throwable failure;

    AppendWindow(int capacity, DirectBufferPool pool) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window must hold at least one append, was " + capacity);
        }
        this.capacity = capacity;
        this.pool = pool;
        this.free = new ManyToOneConcurrentArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++) {
            free.offer(new AppendRequest());
        }
    }

    /** A free request; while all are in flight, waits (spin, yield, then park) for a completion. */
    AppendRequest take() {
        AppendRequest request = free.poll();
        if (request == null) {
            idle.reset();
            while ((request = free.poll()) == null) {
                throwIfFailed();
                idle.idle();
            }
        }
        throwIfFailed();
        return request;
    }

    /** Writer thread: the append is acknowledged under the log's flush policy, or failed. */
    @Override
    public void onComplete(AppendRequest request) {
        if (!request.succeeded()) {
            failure = request.error();
        }
        pool.release(request.batches());
        request.reset();
        if (!free.offer(request)) {
            failure = new IllegalStateException("append window overflow: more requests than " + capacity);
        }
    }

    /** Waits until every request is back, at most {@code timeoutMs}. */
    void awaitAllCompleted(long timeoutMs) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        idle.reset();
        while (free.size() < capacity) {
            throwIfFailed();
            if (System.nanoTime() - deadlineNs > 0) {
                throw new IllegalStateException((capacity - free.size()) + " appends still in flight after " + timeoutMs + " ms");
            }
            idle.idle();
        }
        throwIfFailed();
    }

    int capacity() {
        return capacity;
    }

    private void throwIfFailed() {
        Throwable cause = failure;
        if (cause != null) {
            throw new IllegalStateException("an append failed: " + cause, cause);
        }
    }
}
