package dev.crucible.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crucible.chaos.nemesis.DiskDamage;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.kafka.QueueChecker;
import dev.crucible.check.kafka.QueueResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss inside what a disk fault destroyed is told apart from any other loss. */
class DiskExcuseTest {
    private final TestHistory h = new TestHistory();
    private final List<Op> history = h.ops();

    private void send(long key, long offset, long value) {
        h.send(OpType.OK, key, offset, value);
    }

    private void poll(long key, long... offsetValue) {
        h.poll(key, offsetValue);
    }

    private final QueueChecker checker = QueueChecker.defaults();
    private final List<DiskDamage.Range> destroyed = List.of(new DiskDamage.Range("n0", 0, 1, 3));

    /** v1..v3 at offsets 0..2; the disk fault destroys offsets 1..2; v4, v5 then land at 1, 2. */
    private void lossInsideTheRange() {
        send(0, 0, 1);
        send(0, 1, 2);
        send(0, 2, 3);
        send(0, 1, 4);
        send(0, 2, 5);
    }

    @Test
    void lossOnlyWhereTheDiskWasDamagedIsExcused() {
        lossInsideTheRange();
        poll(0, 0, 1, 1, 4, 2, 5);
        QueueResult raw = checker.check(history);
        assertFalse(raw.valid(), "the checker itself reports the loss: " + raw.summary());
        QueueResult r = DiskExcuse.apply(raw, checker, history, destroyed, 1);
        assertTrue(r.valid(), r.summary());
        assertEquals(List.of(DiskExcuse.TYPE), List.copyOf(r.errors().keySet()), r.summary());
        assertTrue(r.errors().get(DiskExcuse.TYPE).stream()
                .anyMatch(a -> "inconsistent-offsets".equals(a.details().get("excused-type"))), r.summary());
    }

    @Test
    void aLossOutsideTheRangeStaysBad() {
        lossInsideTheRange();
        send(0, 3, 6);
        poll(0, 1, 4, 2, 5, 3, 6); // v1 at offset 0 is gone too: no disk fault explains that
        QueueResult r = DiskExcuse.apply(checker.check(history), checker, history, destroyed, 1);
        assertFalse(r.valid(), r.summary());
        assertTrue(r.badTypes().contains("lost-write"), r.summary());
        assertTrue(r.errors().get("lost-write").stream().allMatch(a -> a.details().get("value").equals(1L)),
                "only v1's loss remains: " + r.summary());
        assertTrue(r.badTypes().contains("unseen"), "v1 unseen is not excused either: " + r.summary());
    }

    @Test
    void withReplicasNothingIsExcused() {
        lossInsideTheRange();
        poll(0, 0, 1, 1, 4, 2, 5);
        QueueResult raw = checker.check(history);
        assertEquals(raw, DiskExcuse.apply(raw, checker, history, destroyed, 3));
    }
}
