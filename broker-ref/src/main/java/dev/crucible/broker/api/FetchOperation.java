package dev.crucible.broker.api;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.replication.FetchCheck;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.LogClosedException;
import dev.crucible.io.OffsetOutOfRangeException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fetch, from request to response: reads each partition below its high watermark within the byte
 * limits, and if fewer than {@code minBytes} are there, waits. Appends wake it (a listener on each
 * partition, called by the log's writer thread, which only schedules a re-read on the fetch's executor:
 * the connection's event loop, so the answer is written there without another hand-off); a timer on
 * the same executor ends the wait at {@code maxWaitMs}. Exactly one response is built, with a file region per
 * partition that has records (sent by sendfile).
 *
 * <p>Limits, as Kafka applies them (KIP-74): partitions are filled in request order, each to at most
 * its {@code partitionMaxBytes} and all together to at most {@code maxBytes}, except that the first
 * batch of the first partition with data is sent whole even when it is larger, so a consumer always
 * progresses.
 */
final class FetchOperation {
    /**
     * One partition asked for; {@code partition} is null when it does not exist ({@code error} says why).
     * A follower's fetch reads {@code toLogEnd} (a consumer's stops at the high watermark); a follower
     * whose history parts from the leader's gets {@code diverging} (epoch and end offset) and no records.
     */
    record Target(String topicName, Uuid topicId, int index, Partition partition, long fetchOffset,
                  int partitionMaxBytes, Errors error, boolean toLogEnd, FetchCheck.Diverging diverging) {
        Target(String topicName, Uuid topicId, int index, Partition partition, long fetchOffset, int partitionMaxBytes, Errors error) {
            this(topicName, topicId, index, partition, fetchOffset, partitionMaxBytes, error, false, null);
        }
    }

    private final List<Target> targets;
    private final int maxBytes;
    private final int minBytes;
    private final boolean useIds;
    private final ScheduledExecutorService timers;
    private final FetchSlice[] slices;
    private final Errors[] errors;
    private final long[] appendedAtRead; // each partition's appendedBytes() when it was last read
    private final long[] highWatermarkAtRead; // and its high watermark (under replication it moves after the append)
    private long bytesAtRead;
    private int reads; // how often the partitions were read, for tests
    private final CompletableFuture<FetchResponse> result = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean rereadScheduled = new AtomicBoolean();
    private final Runnable wake = this::onAppend;
    private volatile ScheduledFuture<?> timeout;

    FetchOperation(List<Target> targets, int maxBytes, int minBytes, boolean useIds, ScheduledExecutorService timers) {
        this.targets = targets;
        this.maxBytes = maxBytes;
        this.minBytes = minBytes;
        this.useIds = useIds;
        this.timers = timers;
        this.slices = new FetchSlice[targets.size()];
        this.errors = new Errors[targets.size()];
        this.appendedAtRead = new long[targets.size()];
        this.highWatermarkAtRead = new long[targets.size()];
        for (int i = 0; i < slices.length; i++) {
            slices[i] = new FetchSlice();
        }
    }

    CompletableFuture<FetchResponse> start(int maxWaitMs) {
        ReadOutcome outcome = readAll();
        if (maxWaitMs <= 0 || outcome.bytes >= minBytes || outcome.anyError || targets.isEmpty()) {
            finish();
            return result;
        }
        for (Target t : targets) {
            t.partition().addWaiter(wake);
        }
        try {
            timeout = timers.schedule(this::onTimeout, maxWaitMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // the connection's event loop is shutting down
            finish();
            return result;
        }
        // an append may have landed between the read and the registration
        onAppend();
        return result;
    }

    private void onAppend() {
        if (!finished.get() && rereadScheduled.compareAndSet(false, true)) {
            try {
                timers.execute(this::reread);
            } catch (RejectedExecutionException e) {
                // the connection's event loop has shut down (broker closing): its timeout will never run, so end
                // the fetch here, which also takes it off its partitions' waiters
                finish();
            }
        }
    }

    private void reread() {
        rereadScheduled.set(false);
        if (finished.get() || !worthReading()) {
            return;
        }
        ReadOutcome outcome = readAll();
        if (outcome.bytes >= minBytes || outcome.anyError) {
            finish();
        }
    }

    /**
     * Whether enough may have arrived since the last read to reach {@code minBytes}, judged from byte
     * counters alone (Kafka's delayed fetch compares log positions the same way): an append wakes the
     * fetch, but the log is read again only when it could complete it. A closed log is worth a read:
     * it answers that the partition is gone.
     */
    private synchronized boolean worthReading() {
        long estimate = bytesAtRead;
        for (int i = 0; i < appendedAtRead.length; i++) {
            Partition p = targets.get(i).partition();
            if (p == null || errors[i] != Errors.NONE) {
                continue;
            }
            if (p.log().isClosed()) {
                return true;
            }
            if (p.replicated() && !targets.get(i).toLogEnd()) {
                // a consumer reads below the high watermark, which moves after the append (when followers have it)
                if (p.highWatermark() != highWatermarkAtRead[i]) {
                    return true;
                }
                continue;
            }
            estimate += p.appendedBytes() - appendedAtRead[i];
        }
        return estimate >= minBytes;
    }

    /** Times the partitions were read so far. */
    synchronized int reads() {
        return reads;
    }

    private void onTimeout() {
        if (!finished.get()) {
            readAll();
            finish();
        }
    }

    private record ReadOutcome(long bytes, boolean anyError) {
    }

    /** Reads every partition into its slice; returns the bytes that would be sent. Not thread-safe: one caller at a time. */
    private synchronized ReadOutcome readAll() {
        long total = 0;
        boolean anyError = false;
        boolean haveData = false;
        for (int i = 0; i < slices.length; i++) {
            Target t = targets.get(i);
            errors[i] = t.error();
            slices[i].clear();
            if (t.error() != Errors.NONE || t.diverging() != null) {
                anyError = true; // answered at once, as Kafka answers a diverging follower
                continue;
            }
            appendedAtRead[i] = t.partition().appendedBytes(); // before the read: nothing appended after it is missed
            highWatermarkAtRead[i] = t.partition().highWatermark();
            long room = Math.min((long) t.partitionMaxBytes(), (long) maxBytes - total);
            if (haveData && room <= 0) {
                continue;
            }
            try {
                if (t.toLogEnd()) {
                    t.partition().readToEnd(t.fetchOffset(), (int) Math.max(1, room), slices[i]);
                } else {
                    t.partition().read(t.fetchOffset(), (int) Math.max(1, room), slices[i]);
                }
            } catch (OffsetOutOfRangeException e) {
                errors[i] = Errors.OFFSET_OUT_OF_RANGE;
                anyError = true;
                continue;
            } catch (LogClosedException e) {
                errors[i] = goneError();
                anyError = true;
                continue;
            } catch (IOException | RuntimeException e) {
                errors[i] = Errors.KAFKA_STORAGE_ERROR;
                anyError = true;
                continue;
            }
            if (slices[i].isEmpty()) {
                continue;
            }
            if (haveData && slices[i].length() > room) {
                slices[i].clear(); // only the very first batch of the response may exceed the limits
                continue;
            }
            haveData = true;
            total += slices[i].length();
        }
        bytesAtRead = total;
        reads++;
        return new ReadOutcome(total, anyError);
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        for (Target target : targets) {
            if (target.partition() != null) {
                target.partition().removeWaiter(wake);
            }
        }
        try {
            result.complete(buildResponse());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private synchronized FetchResponse buildResponse() {
        FetchResponse response = new FetchResponse();
        for (int i = 0; i < slices.length; i++) {
            Target t = targets.get(i);
            partitionData(topicOf(response, t), t, slices[i], errors[i]);
            slices[i].clear();
        }
        return response;
    }

    /** The response's entry for the target's topic: a topic asked for twice is answered once, in first-asked order. */
    private FetchResponse.Topic topicOf(FetchResponse response, Target t) {
        for (int i = response.topicCount() - 1; i >= 0; i--) {
            FetchResponse.Topic topic = response.topic(i);
            if (useIds ? topic.id().equals(t.topicId()) : topic.name().equals(t.topicName())) {
                return topic;
            }
        }
        return response.addTopic(useIds ? "" : t.topicName(), useIds ? t.topicId() : Uuid.ZERO_UUID);
    }

    /** The answer for a partition whose log closed under the fetch: its topic was deleted. */
    private Errors goneError() {
        return useIds ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    private void partitionData(FetchResponse.Topic topic, Target t, FetchSlice slice, Errors error) {
        Partition p = t.partition();
        if (p == null) {
            topic.addPartition(t.index(), error.code(), -1, -1, -1);
            return;
        }
        long highWatermark = p.highWatermark();
        FetchResponse.Partition data = topic.addPartition(t.index(), error.code(), highWatermark, highWatermark, p.logStartOffset());
        if (t.diverging() != null) {
            data.diverging(t.diverging().epoch(), t.diverging().endOffset());
            return;
        }
        if (error == Errors.NONE && !slice.isEmpty()) {
            try {
                data.records(new FileRecordsRegion(slice.toFileRegion()));
            } catch (LogClosedException e) {
                data.errorCode(goneError().code());
            }
        }
    }
}
