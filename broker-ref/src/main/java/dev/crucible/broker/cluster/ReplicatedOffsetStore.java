package dev.crucible.broker.cluster;

import dev.crucible.broker.group.OffsetStore;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Committed offsets in one partition of the replicated offsets topic, led by this broker: a commit is
 * appended as an acks=all produce is (refused below min ISR, then appended at the leader's epoch) and
 * is durable only when the high watermark passes it, that is when every in-sync replica has it, so it
 * survives the death of this coordinator. Appends keep the order of {@link #append} calls.
 */
final class ReplicatedOffsetStore implements OffsetStore {
    /** Kafka's {@code offsets.commit.timeout.ms}: how long a commit waits for the in-sync replicas. */
    static final long COMMIT_TIMEOUT_MS = 5_000;

    /** A failed commit append, with the error the leader gave. */
    static final class CommitFailed extends RuntimeException {
        private final Errors error;

        CommitFailed(Errors error) {
            super(error.name() + ": " + error.message(), null, false, false);
            this.error = error;
        }

        Errors error() {
            return error;
        }
    }

    private record Pending(ByteBuffer batches, Consumer<Throwable> onDone) { }

    private final ReplicatedPartition replica;
    private final Queue<Pending> queued = new ArrayDeque<>();
    private boolean closed;

    ReplicatedOffsetStore(ReplicatedPartition replica) {
        this.replica = replica;
    }

    @Override
    public void append(ByteBuffer batches, Consumer<Throwable> onDone) {
        synchronized (queued) {
            queued.add(new Pending(batches, onDone));
        }
    }

    /** Sends the queue to the partition in order; serialised, so two flushing threads cannot swap commits. */
    @Override
    public synchronized void flush() {
        while (true) {
            Pending next;
            boolean refused;
            synchronized (queued) {
                next = queued.poll();
                refused = closed;
            }
            if (next == null) {
                return;
            }
            Errors admitted = refused ? Errors.NOT_LEADER_OR_FOLLOWER : replica.admitAcksAll();
            if (admitted != Errors.NONE) {
                next.onDone().accept(new CommitFailed(admitted));
                continue;
            }
            Consumer<Throwable> onDone = next.onDone();
            replica.partition().append(next.batches(), request -> {
                if (!request.succeeded()) {
                    onDone.accept(request.error() != null ? request.error() : new CommitFailed(Errors.UNKNOWN_SERVER_ERROR));
                    return;
                }
                replica.appended();
                replica.awaitAck(request.lastOffset() + 1, System.currentTimeMillis() + COMMIT_TIMEOUT_MS,
                    error -> onDone.accept(error == Errors.NONE ? null : new CommitFailed(error)));
            });
        }
    }

    /** Every batch in the partition's log, oldest first (the leader's log: what it holds is what the group had). */
    @Override
    public void replay(Consumer<ByteBuffer> sink) throws IOException {
        OffsetStore.replay(replica.partition().log(), sink);
    }

    @Override
    public int maxBatchBytes() {
        return replica.partition().log().config().maxBatchBytes();
    }

    /** Refuses what is still queued; the partition's log stays open (it belongs to the replica). */
    @Override
    public void close() {
        synchronized (queued) {
            closed = true;
        }
        flush();
    }
}
