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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Spec scenarios 6 and 7: nonmonotonic-poll and nonmonotonic-send, between ops. */
class NonmonotonicScenariosTest {

    /** Process 0 polls 1:a 2:b 3:c, then (after the hook) 2:b 3:c 4:d. */
    private static QueueResult rereading(Consumer<H> between) {
        H h = H.history().sendOk(0, send(X, "a"), send(X, "b"), send(X, "c"), send(X, "d"))
                .poll(0, m(X, pairs(1, "a", 2, "b", 3, "c")));
        between.accept(h);
        return h.poll(0, m(X, pairs(2, "b", 3, "c", 4, "d"))).check();
    }

    @Test
    void scenario06NonmonotonicPoll() {
        List<Anomaly> nm = errs(rereading(h -> { }), "nonmonotonic-poll");
        assertThat(nm).singleElement().satisfies(x -> {
            assertThat(x.key()).isEqualTo(X);
            assertThat(x.details()).containsEntry("values", List.of("c", "b"))
                    .containsEntry("delta", -1L);
            assertThat(x.opIndexes()).containsExactly(3L, 5L);
        });
    }

    @Test
    void scenario06SuppressedByAnAssignmentThatDropsTheKey() {
        assertThat(errs(rereading(h -> h.assignment(0, OpType.OK, "assign", Y)),
                "nonmonotonic-poll")).isEmpty();
        assertThat(errs(rereading(h -> h.assignment(0, OpType.OK, "subscribe", Y)),
                "nonmonotonic-poll")).isEmpty();
        QueueResult assigned = rereading(h -> h.assignment(0, OpType.OK, "assign", X, Y));
        assertThat(errs(assigned, "nonmonotonic-poll")).hasSize(1);
        assertThat(assigned.badTypes()).contains("nonmonotonic-poll");
        QueueResult subscribed = rereading(h -> h.assignment(0, OpType.OK, "subscribe", X, Y));
        assertThat(errs(subscribed, "nonmonotonic-poll")).singleElement()
                .satisfies(x -> assertThat(x.details()).containsEntry("via", "subscribe"));
        assertThat(subscribed.badTypes()).doesNotContain("nonmonotonic-poll");
    }

    /** Process 0 sends 3:c 4:d, then (after the hook) 1:a 2:b. */
    private static QueueResult resending(Consumer<H> between) {
        H h = H.history().sendOk(0, sent(X, 3L, "c"), sent(X, 4L, "d"));
        between.accept(h);
        return h.sendOk(0, sent(X, 1L, "a"), sent(X, 2L, "b")).check();
    }

    @Test
    void scenario07NonmonotonicSend() {
        QueueResult r = resending(h -> { });
        assertThat(errs(r, "nonmonotonic-send")).singleElement().satisfies(x -> {
            assertThat(x.key()).isEqualTo(X);
            assertThat(x.details()).containsEntry("values", List.of("d", "a"))
                    .containsEntry("delta", -3L);
            assertThat(x.opIndexes()).containsExactly(1L, 3L);
        });
        assertThat(r.badTypes()).contains("nonmonotonic-send");
    }

    @Test
    void scenario07ClearedByAnAssignmentThatDropsTheKey() {
        assertThat(errs(resending(h -> h.assignment(0, OpType.OK, "subscribe", Y)),
                "nonmonotonic-send")).isEmpty();
        assertThat(errs(resending(h -> h.assignment(0, OpType.INFO, "assign", Y)),
                "nonmonotonic-send")).isEmpty();
        assertThat(errs(resending(h -> h.assignment(0, OpType.OK, "subscribe", X, Y)),
                "nonmonotonic-send")).hasSize(1);
        assertThat(errs(resending(h -> h.assignment(0, OpType.OK, "assign", X, Y)),
                "nonmonotonic-send")).hasSize(1);
    }
}
