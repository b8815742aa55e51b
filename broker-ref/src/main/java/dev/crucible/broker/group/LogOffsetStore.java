package dev.crucible.broker.group;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The offsets log on the zero-copy-io engine: appends go through the shared group-commit writer and
 * are acknowledged from its callback, so a commit is answered only once it is in the log (forced, if
 * the log's policy says so).
 *
 * <p>Order: {@link #append} only queues (in the caller's order: validation order, under the group
 * lock); {@link #flush} hands the queue to the writer from one thread at a time, head first, so the log
 * holds commits in the order they were validated. When the writer's queue is full the head waits and
 * is retried on the timer, and everything behind it waits too; a head that cannot be submitted for
 * {@link #MAX_SUBMIT_ATTEMPTS} tries fails (the client retries), and the next one moves up.
 */
final class LogOffsetStore implements OffsetStore {
    private static final int READ_CHUNK_BYTES = 1 << 20;
    private static final int MAX_SUBMIT_ATTEMPTS = 1_000;
    private static final long RETRY_DELAY_MS = 1;

    private final Log log;
    private final GroupTimers timers;
    private record Queued(AppendRequest request, Consumer<Throwable> onDone) {
    }

    private final ConcurrentLinkedQueue<Queued> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private int headAttempts; // touched only by the thread holding `flushing`

    LogOffsetStore(Log log, GroupTimers timers) {
        this.log = log;
        this.timers = timers;
    }

    @Override
    public void append(ByteBuffer batches, Consumer<Throwable> onDone) {
        queued.offer(new Queued(new AppendRequest().batches(batches).callback(done -> {
            Throwable error = done.error();
            if (error == null && !done.succeeded()) {
                error = new IllegalStateException("offsets append was not stored");
            }
            onDone.accept(error);
        }), onDone));
    }

    @Override
    public void flush() {
        while (!queued.isEmpty() && flushing.compareAndSet(false, true)) {
            boolean stalled;
            try {
                stalled = !submitQueued();
            } finally {
                flushing.set(false);
            }
            if (stalled) {
                return; // a retry is scheduled; anything queued meanwhile waits behind the head
            }
        }
    }

    /** Submits from the head while the writer takes them; false when it stopped at a full writer queue. */
    private boolean submitQueued() {
        Queued head;
        while ((head = queued.peek()) != null) {
            if (log.tryAppend(head.request())) {
                queued.poll();
                headAttempts = 0;
                continue;
            }
            if (++headAttempts >= MAX_SUBMIT_ATTEMPTS || timers.after(RETRY_DELAY_MS, this::flush) == null) {
                queued.poll();
                headAttempts = 0;
                head.onDone().accept(new IllegalStateException("offsets log writer queue stayed full"));
                continue;
            }
            return false;
        }
        return true;
    }

    @Override
    public void replay(Consumer<ByteBuffer> sink) throws IOException {
        FetchSlice slice = new FetchSlice();
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK_BYTES);
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            log.read(offset, READ_CHUNK_BYTES, slice);
            if (slice.isEmpty()) {
                break;
            }
            if (buffer.capacity() < slice.length()) {
                buffer = ByteBuffer.allocate(slice.length());
            }
            buffer.clear();
            slice.copyTo(buffer);
            buffer.flip();
            sink.accept(buffer);
            offset = slice.nextOffset();
        }
    }

    @Override
    public int maxBatchBytes() {
        return log.config().maxBatchBytes();
    }

    @Override
    public void close() {
        log.close();
    }
}
