package dev.crucible.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.chaos.nemesis.DiskDamage;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.kafka.Anomaly;
import dev.crucible.check.kafka.QueueChecker;
import dev.crucible.check.kafka.QueueResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An acknowledged write that was read, then cut away with nothing written over it, is caught by the final read. */
class FinalReadLossTest {
    private final TestHistory h = new TestHistory();
    private final List<Op> history = h.ops();
    private final QueueChecker checker = QueueChecker.defaults();

    private void send(OpType outcome, long key, long offset, long value) {
        h.send(outcome, key, offset, value);
    }

    private void poll(long key, long... offsetValue) {
        h.poll(key, offsetValue);
    }

    /** Values 10..14 acknowledged at offsets 0..4 of key 0 and all read; 15 acknowledged at 5, never read; 16 sent, outcome unknown. */
    private void writtenAndRead() {
        for (int i = 0; i < 5; i++) {
            send(OpType.OK, 0, i, 10 + i);
        }
        poll(0, 0, 10, 1, 11, 2, 12, 3, 13, 4, 14);
        send(OpType.OK, 0, 5, 15);
        send(OpType.INFO, 0, 6, 16);
        send(OpType.OK, 1, 0, 20);
        poll(1, 0, 20);
    }

    @Test
    void readThenCutAwayIsALostWriteThatJepsensDefinitionsCannotSee() {
        writtenAndRead();
        poll(0, 0, 10, 1, 11, 2, 12); // the final read: key 0 now ends at 3
        QueueResult raw = checker.check(history);
        assertThat(raw.errors()).doesNotContainKey("lost-write");

        QueueResult r = FinalReadLoss.apply(raw, checker, history, Map.of(0, 3L, 1, 1L));

        assertThat(r.valid()).isFalse();
        assertThat(r.badTypes()).contains("lost-write");
        List<Anomaly> lost = r.errors().get("lost-write");
        assertThat(lost).extracting(a -> a.details().get("value")).containsExactly(13L, 14L);
        assertThat(lost.get(0).details()).containsEntry("offset", 3L).containsEntry("end", 3L).containsEntry("via", "final-read");
        assertThat(lost.get(0).description()).contains("key 0: 13 acknowledged at offset 3 is gone");
        assertThat(r.errors().get("unseen")).as("15 was never read: the checker's unseen, not reported twice").hasSize(1);
    }

    @Test
    void nothingIsAddedWhenTheEndsCoverEveryAcknowledgedWriteOrTheFinalReadIsIncomplete() {
        writtenAndRead();
        poll(0, 5, 15);
        QueueResult raw = checker.check(history);
        assertThat(raw.valid()).as(raw.summary()).isTrue();

        assertThat(FinalReadLoss.apply(raw, checker, history, Map.of(0, 6L, 1, 1L))).isSameAs(raw);
        assertThat(FinalReadLoss.apply(raw, checker, history, Map.of())).isSameAs(raw);
    }

    @Test
    void aSingleCopyCutByADiskFaultIsStillExcused() {
        writtenAndRead();
        poll(0, 0, 10, 1, 11, 2, 12);
        QueueResult r = FinalReadLoss.apply(checker.check(history), checker, history, Map.of(0, 3L, 1, 1L));
        QueueResult excused = DiskExcuse.apply(r, checker, history, List.of(new DiskDamage.Range("n0", 0, 3, 6)), 1);

        assertThat(excused.errors()).doesNotContainKey("lost-write");
        assertThat(excused.errors().get(DiskExcuse.TYPE)).extracting(a -> a.details().get("excused-type")).contains("lost-write");
    }
}
