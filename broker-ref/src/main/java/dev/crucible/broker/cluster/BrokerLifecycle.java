package dev.crucible.broker.cluster;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataQuorum;
import org.apache.kafka.common.Uuid;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One broker process's life in the cluster: it registers (a new incarnation id per process start, so
 * the quorum gives it a new broker epoch), then heartbeats to the active controller every
 * {@code broker.heartbeat.interval.ms}. It is ready to serve once its registration is applied here,
 * the controller has unfenced it, and its local logs follow the image ({@link ReplicaPublisher}).
 */
public final class BrokerLifecycle implements AutoCloseable {
    private static final long RETRY_MS = 500;
    private static final int MAX_HEARTBEATS_IN_FLIGHT = 3;

    private final int nodeId;
    private final Uuid incarnation = Uuid.randomUuid();
    private final List<Endpoint> endpoints;
    private final MetadataQuorum quorum;
    private final long heartbeatMs;
    private final ScheduledExecutorService timer;
    private final AtomicInteger heartbeatsInFlight = new AtomicInteger();
    private volatile long epoch = -1;
    private volatile boolean closed;

    public BrokerLifecycle(int nodeId, List<Endpoint> endpoints, MetadataQuorum quorum, long heartbeatMs, ScheduledExecutorService timer) {
        this.nodeId = nodeId;
        this.endpoints = List.copyOf(endpoints);
        this.quorum = quorum;
        this.heartbeatMs = heartbeatMs;
        this.timer = timer;
    }

    public void start() {
        timer.execute(this::register);
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
    }

    /** This process's broker epoch, or -1 until it is registered. */
    public long epoch() {
        return epoch;
    }

    private void register() {
        if (closed) {
            return;
        }
        quorum.submit(new Command.RegisterBroker(nodeId, incarnation, endpoints, null)).whenComplete((outcome, error) -> {
            if (error == null && outcome.isOk()) {
                epoch = outcome.value();
                BrokerLog.info("registered broker " + nodeId + " in the cluster: broker epoch " + epoch + ", incarnation " + incarnation);
                timer.execute(this::heartbeat);
                return;
            }
            if (!closed) {
                BrokerLog.warn("could not register broker " + nodeId + " yet (" + (error != null ? rootMessage(error) : outcome)
                    + "); trying again");
                timer.schedule(this::register, RETRY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void heartbeat() {
        long e = epoch;
        if (closed || e < 0) {
            return;
        }
        if (heartbeatsInFlight.incrementAndGet() > MAX_HEARTBEATS_IN_FLIGHT) { // a slow one must not hold back the next
            heartbeatsInFlight.decrementAndGet();
            return;
        }
        quorum.heartbeat(nodeId, e, quorum.image().appliedIndex()).whenComplete((reply, error) -> {
            heartbeatsInFlight.decrementAndGet();
            if (error == null && reply.unknownEpoch() && epoch == e && !closed) {
                BrokerLog.warn("the controller does not know broker " + nodeId + " at epoch " + e + " (another process with this"
                    + " node.id?): registering again");
                epoch = -1;
                timer.execute(this::register);
            }
        });
    }

    /** True when the image here has this process registered and unfenced. */
    public boolean activeIn(MetadataImage image) {
        BrokerRegistration b = image.broker(nodeId);
        return epoch >= 0 && b != null && b.epoch() == epoch && !b.fenced();
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    @Override
    public void close() {
        closed = true;
    }
}
