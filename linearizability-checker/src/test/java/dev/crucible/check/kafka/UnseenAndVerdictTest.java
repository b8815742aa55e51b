package dev.crucible.check.kafka;

import static dev.crucible.check.kafka.H.X;
import static dev.crucible.check.kafka.H.Y;
import static dev.crucible.check.kafka.H.errs;
import static dev.crucible.check.kafka.H.m;
import static dev.crucible.check.kafka.H.pairs;
import static dev.crucible.check.kafka.H.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.OpType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec scenarios 14 and 18, a clean history, and allowing unseen. */
class UnseenAndVerdictTest {

    @Test
    void scenario14Unseen() {
        H h = H.history().poll(0, m()).sendOk(0, sent(X, 0L, "a"), sent(X, 1L, "b"))
                .poll(0, m(X, pairs(0, "a"))).poll(0, m(X, pairs(1, "b")));
        QueueResult r = h.check();
        assertThat(r.stats().get("unseen-series")).isEqualTo(List.of(
                Map.of("time", 1L, "unseen", Map.of()),
                Map.of("time", 3L, "unseen", Map.of(X, 2L)),
                Map.of("time", 5L, "unseen", Map.of(X, 1L)),
                Map.of("time", 7L, "unseen", Map.of(X, 0L))));
        assertThat(errs(r, "unseen")).isEmpty();
        assertThat(r.valid()).isTrue();
    }

    @Test
    void unseenMessagesAreBadUnlessAllowed() {
        H h = H.history().sendOk(0, sent(X, 0L, "a"), sent(X, 1L, "b"), sent(Y, 0L, "c"))
                .poll(1, m(X, pairs(0, "a")));
        QueueResult r = h.check();
        assertThat(r.valid()).isFalse();
        assertThat(r.badTypes()).containsExactly("unseen");
        assertThat(errs(r, "unseen")).extracting(Anomaly::key).containsExactly(X, Y);
        assertThat(errs(r, "unseen").get(0).details()).containsEntry("count", 1L)
                .containsEntry("messages", List.of("b"));
        assertThat(r.stats().get("unseen")).isEqualTo(Map.of(X, 1L, Y, 1L));

        QueueResult allowed = QueueChecker.defaults().allow("unseen").check(h.ops());
        assertThat(allowed.valid()).isTrue();
        assertThat(allowed.badTypes()).isEmpty();
        assertThat(errs(allowed, "unseen")).hasSize(2);
        assertThat(allowed.summary()).contains("queue check: valid", "unseen: 2 (allowed)");
    }

    @Test
    void scenario18HistoryWithOnlyAnAssignIsInvalid() {
        H h = H.history().assignment(0, OpType.OK, "assign", X);
        QueueResult r = h.check();
        assertThat(r.valid()).isFalse();
        assertThat(r.badTypes()).containsExactly("empty-history");
        assertThat(r.summary()).startsWith("queue check: INVALID (bad: empty-history)");
    }

    @Test
    void cleanHistoryIsValid() {
        H h = H.history().assignment(2, OpType.OK, "assign", X, Y)
                .assignment(3, OpType.OK, "assign", X, Y)
                .sendOk(0, sent(X, 0L, 10L)).sendOk(1, sent(X, 1L, 11L), sent(Y, 0L, 20L))
                .poll(2, m(X, pairs(0, 10L)))
                .sendOk(0, sent(Y, 1L, 21L)).sendOk(1, sent(X, 2L, 12L))
                .poll(2, m(X, pairs(1, 11L, 2, 12L), Y, pairs(0, 20L)))
                .poll(3, m(X, pairs(0, 10L, 1, 11L), Y, pairs()))
                .sendOk(0, sent(X, 3L, 13L))
                .call(1, OpType.INFO, "crash")
                .assignment(3, OpType.OK, "assign", X, Y)
                .poll(3, m(X, pairs(2, 12L, 3, 13L), Y, pairs(0, 20L, 1, 21L)))
                .poll(2, m(X, pairs(3, 13L), Y, pairs(1, 21L)));
        QueueResult r = h.check();
        assertThat(r.errors()).isEmpty();
        assertThat(r.valid()).isTrue();
        assertThat(r.summary()).startsWith("queue check: valid\n");
        assertThat(r.stats()).containsEntry("messages-sent-ok", 6L).containsEntry("keys", 2L);
    }
}
