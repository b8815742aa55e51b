package dev.crucible.broker.log;

import dev.crucible.io.AppendAdmission;
import dev.crucible.io.AppendCallback;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.Log;
import dev.crucible.io.OrderedAppender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One partition of a topic: its log, and the high watermark — the end of what has been acknowledged
 * under the topic's flush policy. Consumers read only below it, so a record that a crash could still
 * take away is never handed out. (On one node Kafka's "replicated to the ISR" is "acknowledged here".)
 *
 * <p>Fetches waiting for data register a listener; the log's writer thread calls them when the high
 * watermark moves, so a long poll is woken by the append itself, with no thread spinning.
 */
public final class Partition {
    /** The leader epoch of a broker running alone, which never changes; in a cluster the metadata sets it. */
    public static final int LEADER_EPOCH = 0;

    private final String topic;
    private final int index;
    private final Log log;
    private final AppendAdmission admission;
    private final OrderedAppender appender;
    private volatile long appendedBytes;
    private volatile long highWatermark;
    private volatile int leaderEpoch = LEADER_EPOCH;
    private final Set<Runnable> waiters = ConcurrentHashMap.newKeySet(); // O(1) add and remove under many fetches

    /**
     * @param appender hands the appends to the log's writer in order without blocking the caller;
     *                 null: a plain blocking submit (tools and tests without timers)
     */
    public Partition(String topic, int index, Log log, AppendAdmission admission, OrderedAppender appender) {
        this.topic = topic;
        this.index = index;
        this.log = log;
        this.admission = admission;
        this.appender = appender != null ? appender : new OrderedAppender(log, null, 0);
        this.highWatermark = log.logEndOffset();
    }

    public String topic() {
        return topic;
    }

    public int index() {
        return index;
    }

    public Log log() {
        return log;
    }

    /** The epoch stamped into appended batches and checked against clients' CurrentLeaderEpoch. */
    public int leaderEpoch() {
        return leaderEpoch;
    }

    /** Set from the cluster metadata when this broker (again) leads the partition; never lowered. */
    public void leaderEpoch(int epoch) {
        if (epoch > leaderEpoch) {
            leaderEpoch = epoch;
        }
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /**
     * Appends the batches in {@code batches} (position to limit; they belong to the log until done).
     * {@code done} runs on the writer thread with the request: offsets or the error.
     */
    public void append(ByteBuffer batches, Consumer<AppendRequest> done) {
        append(batches, new Append() {
            @Override
            protected void completed(AppendRequest request) {
                done.accept(request);
            }
        });
    }

    /**
     * Appends the batches in {@code batches} through a reusable {@link Append}: nothing is allocated
     * per call. The append may be used again once its {@link Append#completed} has run.
     */
    public void append(ByteBuffer batches, Append append) {
        append.partition = this;
        append.bytes = batches.remaining();
        append.request.reset()
            .batches(batches)
            .leaderEpoch(leaderEpoch)
            .admission(admission)
            .crcChecked(append.crcChecked)
            .callback(append);
        appender.submit(append.request);
    }

    /**
     * One append in flight, reusable: its engine request is reset for each use. When the log has
     * answered, the high watermark moves (on success) before {@link #completed} runs, on the writer's
     * thread, so whoever is told of the offsets can already read them.
     */
    public abstract static class Append implements AppendCallback {
        private final AppendRequest request = new AppendRequest();
        private Partition partition;
        private int bytes;
        private boolean crcChecked;

        /** Says the batches of the next append were checked whole, CRC included: the log skips its own CRC pass. */
        protected final void crcChecked(boolean checked) {
            this.crcChecked = checked;
        }

        @Override
        public final void onComplete(AppendRequest done) {
            if (done.succeeded()) {
                partition.advanceHighWatermark(done.lastOffset() + 1, bytes);
            }
            completed(done);
        }

        /** The append's outcome: offsets, or the error. Runs on the log writer's thread; must not block. */
        protected abstract void completed(AppendRequest request);
    }

    /**
     * Bytes appended below the high watermark since the partition opened (a retry answered from the
     * log counts again: an upper bound). A waiting fetch compares it with the value at its last read to
     * learn, without reading the log, whether enough may have arrived to be worth reading.
     */
    public long appendedBytes() {
        return appendedBytes;
    }

    private void advanceHighWatermark(long offset, int bytes) {
        appendedBytes += bytes; // writer thread only
        if (offset > highWatermark) {
            highWatermark = offset;
            wakeWaiters();
        }
    }

    private void wakeWaiters() {
        for (Runnable waiter : waiters) {
            waiter.run();
        }
    }

    /**
     * Closes the partition's log (its topic is being deleted) and wakes every fetch waiting on it, so
     * they answer at once that the partition is gone instead of reading it when their wait ends.
     */
    public void close() {
        log.close();
        wakeWaiters();
    }

    /** Whole batches from {@code offset}, below the high watermark. */
    public void read(long offset, int maxBytes, FetchSlice out) throws IOException {
        log.read(offset, maxBytes, highWatermark, out);
    }

    /** Runs {@code waiter} (on the writer thread, so it must only hand work off) whenever the high watermark moves. */
    public void addWaiter(Runnable waiter) {
        waiters.add(waiter);
    }

    public void removeWaiter(Runnable waiter) {
        waiters.remove(waiter);
    }

    /** Fetches parked on this partition, waiting for its high watermark to move. */
    public int waitingFetches() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return topic + "-" + index;
    }
}
