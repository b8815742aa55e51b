package dev.crucible.broker.cluster;

import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.MetadataQuorum;
import dev.crucible.broker.metadata.Outcome;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Producer ids in a cluster: blocks of {@code blockSize} taken from the metadata quorum (KRaft's
 * AllocateProducerIds), so no two brokers ever hand out the same id; ids of a block are handed out
 * here one by one. Blocks on the quorum only when a block runs out: call it off the network threads.
 */
public final class ClusterProducerIds implements LongSupplier {
    private static final int BLOCK_SIZE = 1000;
    private final int nodeId;
    private final MetadataQuorum quorum;
    private final BrokerLifecycle lifecycle;
    private long next;
    private long end;

    public ClusterProducerIds(int nodeId, MetadataQuorum quorum, BrokerLifecycle lifecycle) {
        this.nodeId = nodeId;
        this.quorum = quorum;
        this.lifecycle = lifecycle;
    }

    /** @throws IllegalStateException when no block can be had (InitProducerId then answers an error) */
    @Override
    public synchronized long getAsLong() {
        if (next >= end) {
            Outcome o;
            try {
                o = quorum.submit(new Command.AllocateProducerIds(nodeId, lifecycle.epoch(), BLOCK_SIZE)).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while taking a producer-id block", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("no producer-id block from the metadata quorum: " + e, e);
            }
            if (!o.isOk()) {
                throw new IllegalStateException("the metadata quorum refused a producer-id block: " + o);
            }
            next = o.value();
            end = next + BLOCK_SIZE;
        }
        return next++;
    }
}
