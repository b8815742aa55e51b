package dev.crucible.broker.metadata;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The cluster metadata as a broker uses it: submit a command (completed with its outcome once it is
 * committed and applied, or exceptionally when no quorum answers in time), read the latest image this
 * node has, learn of new images, and heartbeat to the active controller. Implemented on Ratis
 * ({@code quorum} package) and in memory for tests.
 */
public interface MetadataQuorum extends AutoCloseable {

    CompletableFuture<Outcome> submit(Command command);

    /** The newest image applied on (or fetched to) this node. */
    MetadataImage image();

    /** Called with every new image, in order, on one thread that is not the quorum's. */
    void subscribe(Consumer<MetadataImage> listener);

    /**
     * Tells the active controller the broker is alive and how far its metadata has got; the reply says
     * whether the broker is fenced. Not written to the log.
     */
    CompletableFuture<HeartbeatReply> heartbeat(int brokerId, long brokerEpoch, long appliedIndex);

    /** The node id of the active controller, or -1 when none is known. */
    int activeController();

    /** What the active controller answered to a heartbeat. */
    record HeartbeatReply(boolean fenced, boolean unknownEpoch) { }

    @Override
    void close();
}
