package dev.crucible.io;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands one log's appends to its writer in the order they were submitted, without ever blocking or
 * spinning on the submitting thread (a network event loop): when the writer's queue is full the
 * append waits here, and everything submitted after it waits behind it, so order holds (an idempotent
 * producer's pipelined batches, a group's commits); a retry on the timer moves the queue on. One
 * thread at a time submits to the log, the one that won {@code flushing}; an append that waited
 * longer than the give-up time fails with {@link AppendTimeoutException}, nothing of it written.
 *
 * <p>When nothing waits, {@link #submit} goes straight to the writer: one CAS more than a bare
 * {@link Log#tryAppend}, no allocation.
 */
public final class OrderedAppender {
    /** Retry interval while the writer's queue is full. */
    static final long RETRY_DELAY_US = 500;

    private final Log log;
    private final ScheduledExecutorService timers;
    private final long giveUpNs;
    private final ConcurrentLinkedQueue<AppendRequest> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final Runnable retry = this::retry;
    private long headWaitingSinceNs; // only the thread holding `flushing`

    /**
     * @param timers   runs the retries; with null, a full writer queue blocks the submitter instead
     *                 (for tools and tests that own no timer)
     * @param giveUpMs how long an append may wait for room before it fails
     */
    public OrderedAppender(Log log, ScheduledExecutorService timers, long giveUpMs) {
        this.log = log;
        this.timers = timers;
        this.giveUpNs = TimeUnit.MILLISECONDS.toNanos(giveUpMs);
    }

    /** Submits an append; its callback tells the outcome, on the writer's thread or a timer's. */
    public void submit(AppendRequest request) {
        if (timers == null) {
            log.append(request);
            return;
        }
        if (queued.isEmpty() && flushing.compareAndSet(false, true)) {
            boolean sent;
            try {
                sent = queued.isEmpty() && log.tryAppend(request);
                if (!sent) {
                    queued.offer(request);
                }
            } finally {
                flushing.set(false);
            }
            if (sent) {
                return;
            }
        } else {
            queued.offer(request);
        }
        flush();
    }

    /**
     * Queues an append without sending it, for a caller holding a lock that a callback may need: the
     * order of these calls is the order in the log. {@link #flush()} sends them.
     */
    public void enqueue(AppendRequest request) {
        queued.offer(request);
    }

    /** Sends what waits, head first, while the writer takes it; call with no lock a callback needs. */
    public void flush() {
        while (!queued.isEmpty() && flushing.compareAndSet(false, true)) {
            boolean stalled;
            try {
                stalled = !drain();
            } finally {
                flushing.set(false);
            }
            if (stalled) {
                return; // a retry is scheduled; what was queued meanwhile waits behind the head
            }
        }
    }

    /** Appends waiting for room. */
    public int waiting() {
        return queued.size();
    }

    private boolean drain() {
        AppendRequest head;
        while ((head = queued.peek()) != null) {
            if (timers == null) {
                queued.poll();
                log.append(head);
                continue;
            }
            if (log.tryAppend(head)) {
                queued.poll();
                headWaitingSinceNs = 0;
                continue;
            }
            long now = System.nanoTime();
            if (headWaitingSinceNs == 0) {
                headWaitingSinceNs = now;
            }
            if (now - headWaitingSinceNs - giveUpNs > 0 || !scheduleRetry()) {
                queued.poll();
                headWaitingSinceNs = 0;
                giveUp(head);
                continue;
            }
            return false;
        }
        return true;
    }

    private boolean scheduleRetry() {
        if (!retryScheduled.compareAndSet(false, true)) {
            return true;
        }
        try {
            timers.schedule(retry, RETRY_DELAY_US, TimeUnit.MICROSECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            retryScheduled.set(false);
            return false; // shutting down: nothing will move the queue any more
        }
    }

    private void retry() {
        retryScheduled.set(false);
        flush();
    }

    private void giveUp(AppendRequest request) {
        request.fail(new AppendTimeoutException("the log writer of " + log.dir() + " had no room for this append for "
            + TimeUnit.NANOSECONDS.toMillis(giveUpNs) + " ms"));
        try {
            request.complete();
        } catch (RuntimeException e) {
            // a callback's own failure must not stop the others
        }
    }
}
