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

import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.OpType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec scenarios 8 to 11: order within one op. */
class InternalOrderScenariosTest {

    @Test
    void scenario08IntPollSkip() {
        H h = H.history().call(1, OpType.INFO, "send", send(X, "a"), send(X, "b"), send(X, "d"))
                .poll(0, m(X, pairs(1, "a", 4, "d")))
                .call(0, OpType.OK, "poll", polled(m(X, pairs(1, "a"))), polled(m(X, pairs(4, "d"))))
                .poll(0, m(X, pairs(2, "b")));
        QueueResult r = h.check();
        List<Anomaly> skips = errs(r, "int-poll-skip");
        assertThat(skips).extracting(Anomaly::opIndexes).containsExactly(List.of(3L), List.of(5L));
        assertThat(skips).allSatisfy(x -> assertThat(x.details())
                .containsEntry("values", List.of("a", "d")).containsEntry("skipped", List.of("b"))
                .containsEntry("delta", 2L));
        assertThat(r.badTypes()).contains("int-poll-skip");
    }

    @Test
    void scenario08KeysInTheRebalanceLogAreExempt() {
        H h = H.history().call(1, OpType.INFO, "send", send(X, "a"), send(X, "b"), send(X, "d"))
                .invoke(0, "poll", List.of(H.poll()))
                .event(0, OpType.OK, "poll", List.of(polled(m(X, pairs(1, "a", 4, "d")))),
                        Map.of("rebalance-log", List.of(Map.of(Keyword.of("keys"), List.of(X)))))
                .poll(0, m(X, pairs(2, "b")));
        assertThat(errs(h.check(), "int-poll-skip")).isEmpty();
    }

    @Test
    void scenario09IntSendSkipIsAllowed() {
        H h = H.history().sendOk(0, sent(X, 1L, "a"), send(X, "c"))
                .call(1, OpType.INFO, "send", send(X, "b"))
                .poll(2, m(X, pairs(2, "b", 3, "c")));
        QueueResult r = h.check();
        assertThat(errs(r, "int-send-skip")).singleElement().satisfies(x -> {
            assertThat(x.details()).containsEntry("values", List.of("a", "c"))
                    .containsEntry("skipped", List.of("b")).containsEntry("delta", 2L);
            assertThat(x.opIndexes()).containsExactly(1L);
        });
        assertThat(r.badTypes()).doesNotContain("int-send-skip");
    }

    @Test
    void scenario10IntNonmonotonicPoll() {
        H h = H.history().call(0, OpType.INFO, "send", send(X, "a"), send(X, "b"), send(X, "c"))
                .poll(0, m(X, pairs(3, "c", 1, "a")))
                .call(0, OpType.OK, "poll", polled(m(X, pairs(2, "b", 3, "c"))),
                        polled(m(X, pairs(3, "c"))));
        QueueResult r = h.check();
        List<Anomaly> nm = errs(r, "int-nonmonotonic-poll");
        assertThat(nm).extracting(x -> x.details().get("values"))
                .containsExactly(List.of("c", "a"), List.of("c", "c"));
        assertThat(nm).extracting(x -> x.details().get("delta")).containsExactly(-2L, 0L);
        assertThat(nm).extracting(Anomaly::opIndexes).containsExactly(List.of(3L), List.of(5L));
        assertThat(r.valid()).isFalse();
    }

    @Test
    void scenario11IntNonmonotonicSend() {
        H h = H.history().sendOk(0, sent(X, 3L, "c"), sent(X, 1L, "a"))
                .call(0, OpType.INFO, "send", send(Y, "d"), send(Y, "b"))
                .call(1, OpType.INFO, "send", send(Y, "c"))
                .poll(0, m(Y, pairs(2, "b", 3, "c", 4, "d")));
        QueueResult r = h.check();
        List<Anomaly> nm = errs(r, "int-nonmonotonic-send");
        assertThat(nm).extracting(Anomaly::key).containsExactly(X, Y);
        assertThat(nm).extracting(x -> x.details().get("values"))
                .containsExactly(List.of("c", "a"), List.of("d", "b"));
        assertThat(nm).extracting(x -> x.details().get("delta")).containsExactly(-1L, -2L);
        assertThat(nm).extracting(Anomaly::opIndexes).containsExactly(List.of(1L), List.of(3L));
        assertThat(r.badTypes()).contains("int-nonmonotonic-send");
    }
}
