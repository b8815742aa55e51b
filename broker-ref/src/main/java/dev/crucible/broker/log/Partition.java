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
    private volatile boolean replicated;
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

    /**
     * This broker leads the partition at {@code epoch}: the epoch is stamped into what it appends from
     * now on and begins in the log's epoch cache at the log end before anything is served (Kafka's
     * makeLeader), so a follower that holds records of a later epoch learns where they diverge.
     */
    public void becomeLeader(int epoch) throws IOException {
        leaderEpoch(epoch);
        log.assignLeaderEpoch(epoch);
    }

    /**
     * Under replication the high watermark is no longer "what the log acknowledged": it is set by the
     * replication layer (the smallest log end over the in-sync replicas, or the leader's value on a
     * follower) through {@link #highWatermark(long)}; appends then only wake waiting fetches (followers
     * read to the log end).
     */
    public void replicated(boolean value) {
        replicated = value;
    }

    public boolean replicated() {
        return replicated;
    }

    /** Sets the high watermark (replication only); waiting fetches are woken when it changes. */
    public void highWatermark(long value) {
        long bounded = Math.min(value, log.logEndOffset());
        if (bounded != highWatermark) {
            highWatermark = bounded;
            wakeWaiters();
        }
    }

    /** The log end offset: where the next record goes. */
    public long logEndOffset() {
        return log.logEndOffset();
    }

    /**
     * Appends a leader's batches unchanged (their offsets and epochs kept) at the log end, as a follower
     * does; {@code done} runs on the writer thread with the request (its error when the batches do not
     * start at the log end or are not contiguous).
     */
    public void appendAsFollower(ByteBuffer batches, Consumer<AppendRequest> done) {
        int bytes = batches.remaining();
        AppendRequest request = new AppendRequest().batches(batches).asFollower(true).admission(admission).callback(r -> {
            if (r.succeeded()) {
                appendedBytes += bytes; // writer thread only
                wakeWaiters();
            }
            done.accept(r);
        });
        log.append(request);
    }

    /**
     * Cuts the log to end at {@code offset} (a follower whose history diverged from its leader's): the
     * producers' state forgets what was cut, the high watermark stays within the log. Returns the new log end.
     */
    public long truncateTo(long offset) throws IOException {
        long end = log.truncateTo(offset);
        if (admission != null) {
            admission.truncated(end);
        }
        if (highWatermark > end) {
            highWatermark = end;
        }
        return end;
    }

    /** Whole batches from {@code offset} up to the log end (a follower's read, not bounded by the high watermark). */
    public void readToEnd(long offset, int maxBytes, FetchSlice out) throws IOException {
        log.read(offset, maxBytes, out);
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
        if (replicated) {
            wakeWaiters(); // followers read to the log end; the high watermark is the replication layer's
            return;
        }
        if (offset > highWatermark) {
            highWatermark = offset;
            wakeWaiters();
        }
    }

    private void wakeWaiters() {
        for (Runnable waiter : waiters) {
            try {
                waiter.run();
            } catch (RuntimeException e) {
                // one waiter's failure must not keep the others (or the writer thread that appended) from going on
            }
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
