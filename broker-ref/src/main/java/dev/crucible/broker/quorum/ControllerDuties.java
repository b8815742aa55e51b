package dev.crucible.broker.quorum;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.Outcome;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What only the active controller does: it keeps every broker's last heartbeat (soft state, never
 * written to the log, as KRaft's BrokerHeartbeatManager), fences a broker whose session expired and
 * unfences one that heartbeats and has caught up with the metadata. A new active controller starts
 * every session afresh (a grace period of one session timeout), so fencing after a controller
 * failover takes up to one timeout longer, as in Kafka.
 *
 * <p>{@link #tick} decides; the commands it submits are checked again when applied (epochs), so a
 * decision made by a controller that lost its leadership meanwhile cannot do harm.
 */
final class ControllerDuties {
    private final long sessionTimeoutNanos;
    private final LongSupplier nanoClock;
    private final Supplier<MetadataImage> image;
    private final Function<Command, CompletableFuture<Outcome>> submit;
    private final Map<Integer, Contact> contacts = new HashMap<>();
    /** Brokers with a fence or unfence submitted and not yet answered, each with the token of its submission. */
    private final Map<Integer, Object> inFlight = new HashMap<>();
    private boolean active;
    private long activeSinceNanos;
    /** When a broker that stays fenced was last reported, so the log says why once per session timeout. */
    private final Map<Integer, Long> reportedFencedNanos = new HashMap<>();

    /** The last heartbeat of one broker. */
    private record Contact(long epoch, long appliedIndex, long atNanos) { }

    ControllerDuties(long sessionTimeoutMs, LongSupplier nanoClock, Supplier<MetadataImage> image,
                     Function<Command, CompletableFuture<Outcome>> submit) {
        this.sessionTimeoutNanos = sessionTimeoutMs * 1_000_000L;
        this.nanoClock = nanoClock;
        this.image = image;
        this.submit = submit;
    }

    synchronized void becomeActive() {
        active = true;
        activeSinceNanos = nanoClock.getAsLong();
        contacts.clear();
        inFlight.clear();
    }

    synchronized void resign() {
        active = false;
        contacts.clear();
    }

    synchronized boolean isActive() {
        return active;
    }

    /** A heartbeat arrived; the reply status from {@link QueryCodec}, or -1 when this node is not the active controller. */
    synchronized byte heartbeat(int brokerId, long brokerEpoch, long appliedIndex) {
        if (!active) {
            return -1;
        }
        BrokerRegistration b = image.get().broker(brokerId);
        if (b == null || b.epoch() != brokerEpoch) {
            return QueryCodec.STATUS_UNKNOWN_EPOCH;
        }
        contacts.put(brokerId, new Contact(brokerEpoch, appliedIndex, nanoClock.getAsLong()));
        return b.fenced() ? QueryCodec.STATUS_FENCED : QueryCodec.STATUS_ACTIVE;
    }

    /** Fences the expired, unfences the caught up. Called periodically on the active controller. */
    void tick() {
        MetadataImage now = image.get();
        Map<Integer, Command> toSubmit = new HashMap<>();
        Map<Integer, Object> tokens = new HashMap<>();
        synchronized (this) {
            if (!active) {
                return;
            }
            long t = nanoClock.getAsLong();
            for (BrokerRegistration b : now.brokers().values()) {
                if (inFlight.containsKey(b.id())) {
                    continue;
                }
                Contact c = contacts.get(b.id());
                boolean current = c != null && c.epoch() == b.epoch();
                long last = current ? c.atNanos() : activeSinceNanos;
                boolean expired = t - last > sessionTimeoutNanos;
                if (!b.fenced() && expired) {
                    toSubmit.put(b.id(), new Command.FenceBroker(b.id(), b.epoch()));
                } else if (b.fenced() && current && !expired && c.appliedIndex() >= b.epoch()) {
                    toSubmit.put(b.id(), new Command.UnfenceBroker(b.id(), b.epoch()));
                } else if (b.fenced() && t - reportedFencedNanos.getOrDefault(b.id(), activeSinceNanos) > sessionTimeoutNanos) {
                    reportedFencedNanos.put(b.id(), t);
                    BrokerLog.info("controller: broker " + b.id() + " stays fenced at epoch " + b.epoch() + ": " + (c == null
                        ? "no heartbeat since this controller became active"
                        : c.epoch() != b.epoch() ? "its heartbeats name epoch " + c.epoch()
                        : expired ? "no heartbeat for " + (t - c.atNanos()) / 1_000_000 + " ms"
                        : "it has applied the metadata to index " + c.appliedIndex() + " only"));
                }
            }
            for (int brokerId : toSubmit.keySet()) {
                inFlight.put(brokerId, tokens.computeIfAbsent(brokerId, id -> new Object()));
            }
        }
        for (Map.Entry<Integer, Command> e : toSubmit.entrySet()) {
            int brokerId = e.getKey();
            Object token = tokens.get(brokerId);
            BrokerLog.info("controller: " + (e.getValue() instanceof Command.FenceBroker ? "fencing broker " + brokerId
                + " (no heartbeat for " + sessionTimeoutNanos / 1_000_000 + " ms)" : "unfencing broker " + brokerId + " (caught up)"));
            CompletableFuture<Outcome> reply;
            try {
                reply = submit.apply(e.getValue());
            } catch (RuntimeException failed) {
                reply = CompletableFuture.failedFuture(failed);
            }
            reply.whenComplete((outcome, error) -> {
                synchronized (this) {
                    inFlight.remove(brokerId, token); // only this submission's: a newer term may have submitted again
                }
                if (error != null) {
                    BrokerLog.warn("controller: " + e.getValue() + " did not commit: " + error);
                }
            });
        }
    }
}
