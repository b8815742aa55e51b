package dev.crucible.check.kafka;

import static dev.crucible.check.kafka.H.X;
import static dev.crucible.check.kafka.H.Y;
import static dev.crucible.check.kafka.H.errs;
import static dev.crucible.check.kafka.H.m;
import static dev.crucible.check.kafka.H.pairs;
import static dev.crucible.check.kafka.H.polled;
import static dev.crucible.check.kafka.H.send;
import static dev.crucible.check.kafka.H.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.OpType;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Spec scenarios 1, 2 and 12: version orders, inconsistent offsets, duplicates. */
class VersionOrderScenariosTest {

    @Test
    void scenario01VersionOrder() {
        H h = H.history().poll(0, m(X, pairs(0, "a", 1, "b")))
                .call(1, OpType.INFO, "txn", sent(X, 1L, "c"), sent(X, 3L, "b"), sent(X, 4L, "d"));
        Analysis a = Analysis.of(QueueOps.parse(h.ops()));
        assertThat(a.order(X).byIndex()).containsExactly("a", "c", "b", "d");
        assertThat(a.order(X).index("b")).isEqualTo(2);
        List<Anomaly> conflicts = errs(h.check(), "inconsistent-offsets");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).key()).isEqualTo(X);
        assertThat(conflicts.get(0).details()).containsEntry("offset", 1L).containsEntry("index", 1L)
                .containsEntry("values", List.of("b", "c"));
    }

    @Test
    void scenario02InconsistentOffsetsInfoConflicts() {
        H h = H.history().call(0, OpType.INFO, "send", sent(X, 0L, 1L), send(Y, 1L))
                .sendOk(1, sent(X, 0L, 2L));
        assertThat(errs(h.check(), "inconsistent-offsets")).isEmpty();
        h.poll(2, m(Y, pairs(5, 1L)));
        QueueResult r = h.check();
        List<Anomaly> conflicts = errs(r, "inconsistent-offsets");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).key()).isEqualTo(X);
        assertThat(conflicts.get(0).details()).containsEntry("offset", 0L).containsEntry("index", 0L)
                .containsEntry("values", List.of(1L, 2L));
        assertThat(r.valid()).isFalse();
        assertThat(r.badTypes()).contains("inconsistent-offsets");
    }

    @Test
    void scenario12DuplicateBasic() {
        H h = H.history().sendOk(0, sent(X, 1L, "a")).call(1, OpType.INFO, "send", send(X, "b"))
                .poll(2, m(X, pairs(2, "b", 3, "a")));
        QueueResult r = h.check();
        List<Anomaly> dups = errs(r, "duplicate");
        assertThat(dups).hasSize(1);
        assertThat(dups.get(0).key()).isEqualTo(X);
        assertThat(dups.get(0).details()).containsEntry("value", "a").containsEntry("count", 2L)
                .containsEntry("offsets", List.of(1L, 3L));
        assertThat(r.valid()).isFalse();
    }

    @Test
    void scenario12DuplicateIndependentOfHashing() {
        H h = H.history();
        List<Object> values = LongStream.range(0, 10).boxed().map(v -> (Object) v).toList();
        for (Object v : values) {
            h.sendOk(0, sent(X, 0L, v)).poll(1, m(X, pairs(1, v)));
        }
        QueueResult r = h.check();
        assertThat(errs(r, "duplicate")).extracting(x -> x.details().get("value"))
                .containsExactlyInAnyOrderElementsOf(values);
        assertThat(errs(r, "inconsistent-offsets")).extracting(x -> x.details().get("offset"))
                .containsExactly(0L, 1L);
        assertThat(errs(r, "inconsistent-offsets"))
                .allSatisfy(x -> assertThat(x.details().get("values")).isEqualTo(values));
    }

    @Test
    void scenario12DuplicateSeenAgainInAbortedPoll() {
        H h = H.history().sendOk(0, sent(X, 1L, 0L))
                .call(0, OpType.FAIL, "send", sent(X, 2L, 1L))
                .call(1, OpType.FAIL, "poll", polled(m(X, pairs(11, 0L, 12, 1L))));
        List<Anomaly> dups = errs(h.check(), "duplicate");
        assertThat(dups).hasSize(1);
        assertThat(dups.get(0).details()).containsEntry("value", 0L)
                .containsEntry("offsets", List.of(1L, 11L));
    }
}
