package dev.crucible.load.seq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.agent.FinalReport;
import dev.crucible.load.result.SequenceAudit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SequenceAuditTest {

    @Test
    void seqSetMatchesAPlainSetUnderRandomInsertions() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        SeqSet s = new SeqSet();
        TreeSet<Long> plain = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            long v = r.nextInt(5_000);
            assertThat(s.add(v)).as("seed " + seed).isEqualTo(plain.add(v));
        }
        assertThat(s.size()).isEqualTo(plain.size());
        SeqSet copy = SeqSet.fromRanges(s.toRanges());
        for (long v = 0; v < 5_000; v++) {
            assertThat(copy.contains(v)).as("seed " + seed + " value " + v).isEqualTo(plain.contains(v));
        }
        SeqSet all = new SeqSet();
        all.addRange(0, 5_000);
        assertThat(all.countMissingFrom(s)).isEqualTo(5_000 - plain.size());
        assertThat(s.countMissingFrom(all)).isZero();
    }

    @Test
    void trackerCountsDuplicatesAndLateArrivals() {
        DeliveryTracker t = new DeliveryTracker();
        for (long s : new long[] {0, 1, 2, 4, 3, 5, 5, 1, 6}) {
            t.deliver(s);
        }
        assertThat(t.seen().size()).isEqualTo(7);
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.outOfOrder()).isEqualTo(1);
    }

    private static List<long[]> ranges(long... bounds) {
        List<long[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            out.add(new long[] {bounds[i], bounds[i + 1]});
        }
        return out;
    }

    @Test
    void auditFindsLostDuplicatedReorderedAndUnackedPerPartition() {
        // Producer 1 on partition 0: 0..99 acked. Producer 2 on partition 1: 0..49 acked, 1 failed send.
        FinalReport producerAgent = new FinalReport(List.of(
                new FinalReport.ProducerLedger("t", 0, 1, ranges(0, 100), 0),
                new FinalReport.ProducerLedger("t", 1, 2, ranges(0, 50), 1)), List.of(), Map.of());
        // Agent A received p0 0..59 (2 duplicates, 1 late) and p1 0..49 plus seq 50 (its send had failed).
        FinalReport consumerA = new FinalReport(List.of(), List.of(
                new FinalReport.Delivery("t", "s", 0, 1, ranges(0, 60), 2, 1),
                new FinalReport.Delivery("t", "s", 1, 2, ranges(0, 51), 0, 0)), Map.of());
        // Agent B (same subscription, after a rebalance) received p0 55..89: 55..59 again.
        FinalReport consumerB = new FinalReport(List.of(), List.of(
                new FinalReport.Delivery("t", "s", 0, 1, ranges(55, 90), 0, 0)), Map.of());
        SequenceAudit a = new SequenceAudit(List.of(producerAgent, consumerA, consumerB), Map.of("t", List.of("s")));
        SequenceAudit.PartitionFigures p0 = a.partitions().get(0);
        assertThat(p0.partition()).isEqualTo(0);
        assertThat(p0.acked()).isEqualTo(100);
        assertThat(p0.delivered()).isEqualTo(90);
        assertThat(p0.lost()).isEqualTo(10);
        assertThat(p0.duplicated()).isEqualTo(2 + 5);
        assertThat(p0.outOfOrder()).isEqualTo(1);
        SequenceAudit.PartitionFigures p1 = a.partitions().get(1);
        assertThat(p1.lost()).isZero();
        assertThat(p1.failedSends()).isEqualTo(1);
        assertThat(p1.deliveredUnacked()).isEqualTo(1);
        assertThat(a.totals().lost()).isEqualTo(10);
    }

    @Test
    void aSubscriptionThatReceivedNothingLosesEverything() {
        FinalReport producer = new FinalReport(List.of(new FinalReport.ProducerLedger("t", 0, 1, ranges(0, 10), 0)),
                List.of(new FinalReport.Delivery("t", "a", 0, 1, ranges(0, 10), 0, 0)), Map.of());
        SequenceAudit audit = new SequenceAudit(List.of(producer), Map.of("t", List.of("a", "b")));
        assertThat(audit.totals().lost()).isEqualTo(10);
        assertThat(audit.totals().delivered()).isEqualTo(10);
    }
}
