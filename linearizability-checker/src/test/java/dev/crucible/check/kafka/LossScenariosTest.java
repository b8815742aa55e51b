package dev.crucible.check.kafka;

import static dev.crucible.check.kafka.H.X;
import static dev.crucible.check.kafka.H.Y;
import static dev.crucible.check.kafka.H.errs;
import static dev.crucible.check.kafka.H.m;
import static dev.crucible.check.kafka.H.pairs;
import static dev.crucible.check.kafka.H.send;
import static dev.crucible.check.kafka.H.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec scenarios 3 and 4: aborted reads and lost writes. */
class LossScenariosTest {

    @Test
    void scenario03G1a() {
        H h = H.history().call(0, OpType.FAIL, "send", send(X, 2L), send(Y, 3L))
                .poll(1, m(X, pairs(0, 2L)));
        QueueResult r = h.check();
        List<Anomaly> g1a = errs(r, "G1a");
        assertThat(g1a).hasSize(1);
        assertThat(g1a.get(0).key()).isEqualTo(X);
        assertThat(g1a.get(0).details()).containsEntry("value", 2L).containsEntry("writer", 1L)
                .containsEntry("reader", 3L);
        assertThat(r.valid()).isFalse();
        assertThat(r.badTypes()).contains("G1a");
    }

    @Test
    void scenario04aLostWriteConsistent() {
        H h = H.history().sendOk(0, sent(X, 0L, "a")).sendOk(0, sent(X, 1L, "b"), sent(X, 3L, "d"))
                .call(1, OpType.INFO, "send", send(X, "c")).poll(0, m(X, pairs(2, "c")));
        QueueResult r = h.check();
        List<Anomaly> lost = errs(r, "lost-write");
        assertThat(lost).extracting(Anomaly::key).containsOnly(X);
        assertThat(lost).extracting(x -> x.details().get("value")).containsExactly("a", "b");
        assertThat(lost).extracting(x -> x.details().get("index")).containsExactly(0L, 1L);
        assertThat(lost).extracting(x -> x.details().get("writer")).containsExactly(1L, 3L);
        assertThat(lost).allSatisfy(x -> assertThat(x.details())
                .containsEntry("max-read-index", 2L).containsEntry("max-read", 7L));
        assertThat(r.valid()).isFalse();
    }

    @Test
    void scenario04bLostWriteWithInconsistentOffsets() {
        H h = H.history().sendOk(0, sent(X, 0L, "a")).sendOk(0, sent(X, 0L, "b"), sent(X, 2L, "c"))
                .poll(0, m(X, pairs(0, "b", 2, "c")));
        List<Anomaly> lost = errs(h.check(), "lost-write");
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).details()).containsEntry("value", "a").containsEntry("index", 0L)
                .containsEntry("max-read-index", 1L).containsEntry("writer", 1L)
                .containsEntry("max-read", 5L);
    }

    @Test
    void scenario04cLostWriteNeedsProofTheInfoTxnCommitted() {
        H unproven = H.history().call(0, OpType.INFO, "send", send(X, "a"), sent(Y, 0L, "b"))
                .call(1, OpType.INFO, "send", send(Y, "c"))
                .poll(3, m(Y, pairs(1, "c")));
        assertThat(errs(unproven.check(), "lost-write")).isEmpty();

        H proven = H.history().call(0, OpType.INFO, "send", send(X, "a"), sent(Y, 0L, "b"))
                .call(1, OpType.INFO, "send", send(Y, "c"))
                .poll(2, m(X, pairs(0, "a")))
                .poll(3, m(Y, pairs(1, "c")));
        QueueResult r = proven.check();
        List<Anomaly> lost = errs(r, "lost-write");
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).key()).isEqualTo(Y);
        assertThat(lost.get(0).details()).containsEntry("value", "b").containsEntry("index", 0L)
                .containsEntry("max-read-index", 1L).containsEntry("writer", 1L)
                .containsEntry("max-read", 7L);
        assertThat(r.valid()).isFalse();
    }
}
