package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.log.Partition;
import dev.crucible.io.AppendRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.apache.kafka.common.protocol.Errors;

/**
 * One partition's share of a Produce request on its way to the log, pooled: taken on a network thread,
 * given back on the log writer's thread once its answer is filled in, so a steady stream of produce
 * requests allocates no engine request and no callback per partition.
 */
final class ProduceAppend extends Partition.Append {
    private ProduceHandler handler;
    private Call call;
    private ProduceResponse.PartitionAnswer out;
    private Partition partition;
    private ByteBuffer batches;
    private int firstBatchAt;
    private boolean messages;
    private ProduceAppend next; // the request's appends, in request order
    private Pool pool;
    private ReplicatedPartition replica; // null: no replication
    private long ackDeadlineMs; // acks=all under replication: when the wait for the in-sync replicas ends; -1 otherwise

    ProduceAppend prepare(ProduceHandler handler, ProduceResponse.PartitionAnswer out, Partition partition, ByteBuffer batches,
                          boolean messages) {
        this.handler = handler;
        this.out = out;
        this.partition = partition;
        this.batches = batches;
        this.firstBatchAt = batches.position(); // the write moves the position: remember the start
        this.messages = messages;
        crcChecked(true); // ProduceValidation checked each batch whole before it came here
        return this;
    }

    /**
     * Under replication: the local replica, told of the append; with {@code ackDeadlineMs >= 0}
     * (acks=all) the answer also waits until the in-sync replicas have the batch or the deadline passes.
     */
    ProduceAppend replicated(ReplicatedPartition localReplica, long deadlineMs) {
        this.replica = localReplica;
        this.ackDeadlineMs = localReplica == null ? -1 : deadlineMs;
        return this;
    }

    @Override
    protected void completed(AppendRequest request) {
        Call done = call;
        ProduceResponse.PartitionAnswer answer = out;
        ReplicatedPartition local = replica;
        boolean awaitReplicas = local != null && ackDeadlineMs >= 0 && request.succeeded();
        long deadline = ackDeadlineMs;
        boolean messagesOn = messages;
        try {
            handler.complete(out, request, partition, firstBatchAt, batches, messages);
            if (local != null && request.succeeded()) {
                local.appended();
            }
        } finally {
            handler = null;
            call = null;
            out = null;
            partition = null;
            batches = null;
            next = null;
            replica = null;
            ackDeadlineMs = -1;
            pool.give(this);
            if (!awaitReplicas) {
                done.partitionDone(); // whatever happens, the response is not left hanging
            }
        }
        if (awaitReplicas) {
            local.awaitAck(request.lastOffset() + 1, deadline, error -> {
                if (error != Errors.NONE) {
                    answer.error(error.code(), messagesOn ? error.message() : null).baseOffset(-1);
                }
                done.partitionDone();
            });
        }
    }

    /**
     * The whole request: completes with the response once every partition's append has answered
     * (with null for {@code acks=0}: no response is sent, and the answer goes back to its pool).
     */
    static final class Call extends CompletableFuture<ProduceResponse> {
        private final ProduceResponse response;
        private final boolean unanswered;
        private static final AtomicIntegerFieldUpdater<Call> OUTSTANDING = AtomicIntegerFieldUpdater.newUpdater(Call.class, "outstanding");
        private volatile int outstanding = 1; // 1: the request itself, until submitted
        private ProduceAppend first;
        private ProduceAppend last;

        Call(ProduceResponse response, boolean unanswered) {
            this.response = response;
            this.unanswered = unanswered;
        }

        void add(ProduceAppend append) {
            append.call = this;
            if (last == null) {
                first = append;
            } else {
                last.next = append;
            }
            last = append;
            OUTSTANDING.incrementAndGet(this);
        }

        /** Sends every append to its log, in request order. */
        void submitAll() {
            ProduceAppend append = first;
            first = null;
            last = null;
            while (append != null) {
                ProduceAppend following = append.next; // read first: the append may complete and be reused at once
                append.partition.append(append.batches, append);
                append = following;
            }
            partitionDone();
        }

        void partitionDone() {
            if (OUTSTANDING.decrementAndGet(this) == 0) {
                if (unanswered) {
                    response.recycle();
                    complete(null);
                } else {
                    complete(response);
                }
            }
        }
    }

    /** Appends ready for reuse; bounded (beyond it a finished append is left to the garbage collector). */
    static final class Pool {
        private static final int CAPACITY = 4096;
        private final ManyToManyConcurrentArrayQueue<ProduceAppend> free = new ManyToManyConcurrentArrayQueue<>(CAPACITY);

        ProduceAppend take() {
            ProduceAppend append = free.poll();
            if (append == null) {
                append = new ProduceAppend();
                append.pool = this;
            }
            return append;
        }

        void give(ProduceAppend append) {
            free.offer(append);
        }
    }
}
