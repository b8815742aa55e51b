package dev.crucible.load.result;

import dev.crucible.load.agent.FinalReport;
import dev.crucible.load.seq.SeqSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares what producers had acknowledged with what each subscription received, per partition:
 * lost (acknowledged, never received), duplicated (received again, within or across consumers),
 * out of order (received after a later message of the same producer), and delivered without an
 * acknowledgement (the send reported failure or never completed, yet the message arrived).
 */
public final class SequenceAudit {
    /** Figures of one partition, summed over its subscriptions (lost counts each subscription's loss). */
    public record PartitionFigures(String topic, int partition, long acked, long failedSends, long delivered,
            long lost, long duplicated, long outOfOrder, long deliveredUnacked) {}

    private record Pkey(String topic, int partition, int producerId) {}

    private record Skey(String topic, String subscription, int partition, int producerId) {}

    private final List<PartitionFigures> partitions = new ArrayList<>();

    /** The audit of the agents' final reports; {@code subscriptionsPerTopic} tells who should have received. */
    public SequenceAudit(List<FinalReport> reports, Map<String, List<String>> subscriptionsByTopic) {
        Map<Pkey, SeqSet> acked = new HashMap<>();
        Map<Pkey, Long> failed = new HashMap<>();
        Map<Skey, SeqSet> seen = new HashMap<>();
        Map<Skey, long[]> counts = new HashMap<>();
        for (FinalReport r : reports) {
            for (FinalReport.ProducerLedger l : r.acked()) {
                Pkey k = new Pkey(l.topic(), l.partition(), l.producerId());
                acked.computeIfAbsent(k, x -> new SeqSet()).addAll(SeqSet.fromRanges(l.ranges()));
                failed.merge(k, l.failed(), Long::sum);
            }
            for (FinalReport.Delivery d : r.deliveries()) {
                Skey k = new Skey(d.topic(), d.subscription(), d.partition(), d.producerId());
                long crossAgentDup = seen.computeIfAbsent(k, x -> new SeqSet()).addAll(SeqSet.fromRanges(d.ranges()));
                long[] c = counts.computeIfAbsent(k, x -> new long[2]);
                c[0] += d.duplicates() + crossAgentDup;
                c[1] += d.outOfOrder();
            }
        }
        TreeMap<String, long[]> byPartition = new TreeMap<>();
        for (Map.Entry<Pkey, SeqSet> e : acked.entrySet()) {
            Pkey p = e.getKey();
            long[] f = byPartition.computeIfAbsent(p.topic() + "\u0000" + p.partition(), x -> new long[7]);
            f[0] += e.getValue().size();
            f[1] += failed.getOrDefault(p, 0L);
            for (String sub : subscriptionsByTopic.getOrDefault(p.topic(), List.of())) {
                SeqSet got = seen.getOrDefault(new Skey(p.topic(), sub, p.partition(), p.producerId()), new SeqSet());
                f[3] += e.getValue().countMissingFrom(got);
            }
        }
        for (Map.Entry<Skey, SeqSet> e : seen.entrySet()) {
            Skey s = e.getKey();
            long[] f = byPartition.computeIfAbsent(s.topic() + "\u0000" + s.partition(), x -> new long[7]);
            f[2] += e.getValue().size();
            long[] c = counts.get(s);
            f[4] += c[0];
            f[5] += c[1];
            SeqSet a = acked.getOrDefault(new Pkey(s.topic(), s.partition(), s.producerId()), new SeqSet());
            f[6] += e.getValue().countMissingFrom(a);
        }
        byPartition.forEach((key, f) -> {
            String[] tp = key.split("\u0000");
            partitions.add(new PartitionFigures(tp[0], Integer.parseInt(tp[1]), f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        });
        partitions.sort(java.util.Comparator.comparing(PartitionFigures::topic).thenComparingInt(PartitionFigures::partition));
    }

    /** Per-partition figures, by topic then partition. */
    public List<PartitionFigures> partitions() {
        return partitions;
    }

    /** The sum over partitions. */
    public PartitionFigures totals() {
        long[] t = new long[7];
        for (PartitionFigures p : partitions) {
            t[0] += p.acked();
            t[1] += p.failedSends();
            t[2] += p.delivered();
            t[3] += p.lost();
            t[4] += p.duplicated();
            t[5] += p.outOfOrder();
            t[6] += p.deliveredUnacked();
        }
        return new PartitionFigures("*", -1, t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
    }
}
