package dev.crucible.load.agent;

import dev.crucible.load.message.Stamp;
import dev.crucible.load.metric.LatencyRecorders;
import dev.crucible.load.metric.Metric;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.seq.DeliveryTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything one agent's consumers received: end-to-end latency from each message's intended send
 * time, and per (subscription, partition, producer) the sequence numbers, duplicates and
 * out-of-order arrivals. Partitions move between consumers of a subscription in a rebalance, so the
 * trackers are shared by the subscription's consumers and locked per tracker.
 */
final class Deliveries {
    private final RunClock clock;
    private final LatencyRecorders recorders;
    private final Counters counters;
    private volatile boolean measuring;
    private volatile long measureFromNs;
    private final Map<Key, DeliveryTracker> trackers = new ConcurrentHashMap<>();

    private record Key(String topic, String subscription, int partition, int producerId) {}

    Deliveries(RunClock clock, LatencyRecorders recorders, Counters counters) {
        this.clock = clock;
        this.recorders = recorders;
        this.counters = counters;
    }

    /** End-to-end latency is recorded for messages intended at or after {@code runNs} (the warm-up's end). */
    void measureFrom(long runNs) {
        measureFromNs = runNs;
        measuring = true;
    }

    /** Notes one received message. */
    void receive(String topic, String subscription, int partition, byte[] value) {
        long nowNs = clock.nowNs();
        counters.consumed.increment();
        counters.bytesConsumed.add(value == null ? 0 : value.length);
        if (!Stamp.isStamped(value)) {
            counters.foreign.increment();
            return;
        }
        long intendedNs = Stamp.intendedNs(value);
        if (measuring && intendedNs - measureFromNs >= 0) {
            recorders.record(Metric.END_TO_END, nowNs - intendedNs);
        }
        DeliveryTracker t = trackers.computeIfAbsent(
                new Key(topic, subscription, partition, Stamp.producerId(value)), k -> new DeliveryTracker());
        synchronized (t) {
            t.deliver(Stamp.sequence(value));
        }
    }

    /** The trackers as report entries. */
    List<FinalReport.Delivery> report() {
        List<FinalReport.Delivery> out = new ArrayList<>();
        trackers.forEach((k, t) -> {
            synchronized (t) {
                out.add(new FinalReport.Delivery(k.topic(), k.subscription(), k.partition(), k.producerId(),
                        t.seen().toRanges(), t.duplicates(), t.outOfOrder()));
            }
        });
        return out;
    }
}
