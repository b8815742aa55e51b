package dev.crucible.check.kafka;

import static dev.crucible.check.kafka.H.X;
import static dev.crucible.check.kafka.H.m;
import static dev.crucible.check.kafka.H.pairs;
import static dev.crucible.check.kafka.H.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker's surface: summary text, allowances, nemesis records, malformed values. */
class QueueCheckerApiTest {

    @Test
    void summaryShowsVerdictCountsAndExamples() {
        H h = H.history().sendOk(0, sent(X, 0L, "a"), sent(X, 1L, "b"), sent(X, 2L, "c"))
                .poll(1, m(X, pairs(2, "c")));
        String text = h.check().summary(1);
        assertThat(text).startsWith("queue check: INVALID (bad: lost-write, unseen)\n")
                .contains("  lost-write: 2 (bad)\n", "    key 0: \"a\" at index 0 was never polled",
                        "    ... and 1 more\n", "ops [1, 3]", "  unseen: 1 (bad)\n");
    }

    @Test
    void allowingATypeMakesItsAnomaliesHarmless() {
        H h = H.history().sendOk(0, sent(X, 0L, "a"), sent(X, 1L, "b"))
                .poll(1, m(X, pairs(1, "b")));
        QueueChecker lenient = QueueChecker.defaults().allow("lost-write", "unseen");
        assertThat(lenient.allowed()).contains("lost-write", "int-send-skip");
        assertThat(lenient.check(h.ops()).valid()).isTrue();
        assertThat(QueueChecker.defaults().check(h.ops()).valid()).isFalse();
    }

    @Test
    void nemesisRecordsAndStringNamedMicroOpsAreAccepted() {
        H h = H.history().event(0, OpType.INVOKE, "send", List.of(List.of("send", X, "a")))
                .event(0, OpType.OK, "send", List.of(List.of(":send", X, H.o(0L, "a"))))
                .poll(1, m(X, pairs(0, "a")));
        h.ops().add(new Op(9, OpType.INFO, Keyword.of("nemesis"),
                "start-partition", null, 9, Map.of(), 0));
        QueueResult r = h.check();
        assertThat(r.valid()).isTrue();
        assertThat(r.stats()).containsEntry("messages-sent-ok", 1L);
    }

    @Test
    void malformedMicroOpsAreReported() {
        H h = H.history().event(0, OpType.OK, "send", List.of(List.of(Keyword.of("frob"), X)));
        assertThatThrownBy(h::check).isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("unknown micro-op");
    }
}
