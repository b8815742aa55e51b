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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Spec scenario 5: poll-skip, between ops of one process. */
class PollOrderScenariosTest {

    /**
     * Process 0 polls 1:a 2:b, then 4:d, then 7:g, while others show that 3:c and 6:f exist.
     * The hooks run between process 0's first and second, and second and third polls.
     */
    private static H skipping(Consumer<H> between12, Consumer<H> between23) {
        H h = H.history().poll(0, m(X, pairs(1, "a", 2, "b"))).poll(1, m(X, pairs(3, "c")));
        between12.accept(h);
        h.poll(0, m(X, pairs(4, "d"))).sendOk(2, sent(X, 6L, "f"));
        between23.accept(h);
        return h.poll(0, m(X, pairs(7, "g"))).call(3, OpType.INFO, "send", send(X, "a"),
                send(X, "b"), send(X, "c"), send(X, "d"), send(X, "g"));
    }

    @Test
    void scenario05PollSkip() {
        QueueResult r = skipping(h -> { }, h -> { }).check();
        List<Anomaly> skips = errs(r, "poll-skip");
        assertThat(skips).extracting(x -> x.details().get("skipped"))
                .containsExactly(List.of("c"), List.of("f"));
        assertThat(skips).extracting(x -> x.details().get("delta")).containsExactly(2L, 2L);
        assertThat(skips).extracting(Anomaly::opIndexes)
                .containsExactly(List.of(1L, 5L), List.of(5L, 9L));
        assertThat(skips).allSatisfy(x -> assertThat(x.details()).containsEntry("via", "none"));
        assertThat(r.badTypes()).contains("poll-skip");
    }

    @Test
    void scenario05AssignmentsThatDropTheKeySuppressSkips() {
        QueueResult r = skipping(h -> h.assignment(0, OpType.OK, "subscribe", Y),
                h -> h.assignment(0, OpType.INFO, "assign", Y)).check();
        assertThat(errs(r, "poll-skip")).isEmpty();
    }

    @Test
    void scenario05AssignmentsThatKeepTheKeyDoNot() {
        QueueResult r = skipping(h -> h.assignment(0, OpType.OK, "subscribe", X, Y),
                h -> h.assignment(0, OpType.OK, "assign", X, Y)).check();
        List<Anomaly> skips = errs(r, "poll-skip");
        assertThat(skips).extracting(x -> x.details().get("skipped"))
                .containsExactly(List.of("c"), List.of("f"));
        // The first skip happened while subscribed (allowed), the second while assigned (bad).
        assertThat(skips).extracting(x -> x.details().get("via")).containsExactly("subscribe", "assign");
        assertThat(r.badTypes()).contains("poll-skip");

        QueueResult subscribed = skipping(h -> h.assignment(0, OpType.OK, "subscribe", X, Y),
                h -> { }).check();
        assertThat(errs(subscribed, "poll-skip")).hasSize(2);
        assertThat(subscribed.badTypes()).doesNotContain("poll-skip");
    }

    @Test
    void scenario05AbortedTxnsMustRewind() {
        H good = H.history().sendOk(0, sent(X, 0L, 0L), sent(X, 1L, 1L), sent(X, 2L, 2L))
                .call(1, OpType.OK, "txn", polled(m(X, pairs(0, 0L))))
                .call(1, OpType.FAIL, "txn", polled(m(X, pairs(1, 1L, 2, 2L))))
                .call(1, OpType.INFO, "txn", polled(m(X, pairs(1, 1L, 2, 2L))))
                .call(1, OpType.OK, "txn", polled(m(X, pairs(1, 1L, 2, 2L))));
        assertThat(good.check().errors()).isEmpty();
        assertThat(good.check().valid()).isTrue();

        H bad = H.history().sendOk(0, sent(X, 0L, 0L), sent(X, 1L, 1L), sent(X, 2L, 2L),
                        sent(X, 3L, 3L), sent(X, 4L, 4L), sent(X, 5L, 5L))
                .call(1, OpType.OK, "txn", polled(m(X, pairs(0, 0L))))
                .call(1, OpType.FAIL, "txn", polled(m(X, pairs(1, 1L, 2, 2L))))
                .call(1, OpType.FAIL, "txn", polled(m(X, pairs(3, 3L, 4, 4L))))
                .call(1, OpType.OK, "txn", polled(m(X, pairs(5, 5L))));
        List<Anomaly> skips = errs(bad.check(), "poll-skip");
        assertThat(skips).extracting(x -> x.details().get("delta")).containsExactly(3L, 5L);
        assertThat(skips).extracting(x -> x.details().get("skipped"))
                .containsExactly(List.of(1L, 2L), List.of(1L, 2L, 3L, 4L));
        assertThat(skips).extracting(Anomaly::opIndexes)
                .containsExactly(List.of(3L, 7L), List.of(3L, 9L));

        H crashed = H.history().sendOk(0, sent(X, 0L, 0L), sent(X, 1L, 1L), sent(X, 2L, 2L),
                        sent(X, 3L, 3L), sent(X, 4L, 4L))
                .call(1, OpType.OK, "txn", polled(m(X, pairs(0, 0L))))
                .call(1, OpType.FAIL, "txn", polled(m(X, pairs(1, 1L, 2, 2L))))
                .call(1, OpType.INFO, "txn", polled(m(X, pairs(3, 3L, 4, 4L))));
        assertThat(errs(crashed.check(), "poll-skip")).singleElement()
                .satisfies(x -> assertThat(x.details()).containsEntry("delta", 3L)
                        .containsEntry("skipped", List.of(1L, 2L)));
    }

    @Test
    void aCrashStartsAFreshConsumer() {
        H h = H.history().sendOk(0, sent(X, 0L, "a"), sent(X, 1L, "b"))
                .poll(1, m(X, pairs(0, "a", 1, "b")))
                .call(1, OpType.INFO, "crash")
                .assignment(1, OpType.OK, "assign", X)
                .poll(1, m(X, pairs(0, "a", 1, "b")));
        assertThat(h.check().errors()).isEmpty();
    }
}
