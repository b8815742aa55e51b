package dev.crucible.load.agent;

import java.util.List;
import java.util.Map;

/**
 * An agent's sequence figures at the end of a run.
 *
 * @param acked per producer, per partition: the acknowledged sequence numbers as [from, to) ranges
 * @param deliveries what each subscription received
 * @param negativeSamples per metric, samples below zero (clock disagreement), recorded as 0
 */
public record FinalReport(
        List<ProducerLedger> acked, List<Delivery> deliveries, Map<String, Long> negativeSamples) {

    /** Acknowledged sequence numbers of one producer on one partition. */
    public record ProducerLedger(String topic, int partition, int producerId, List<long[]> ranges, long failed) {}

    /** What one subscription received from one producer on one partition. */
    public record Delivery(
            String topic, String subscription, int partition, int producerId, List<long[]> ranges,
            long duplicates, long outOfOrder) {}
}
