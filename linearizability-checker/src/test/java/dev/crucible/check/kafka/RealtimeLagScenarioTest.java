package dev.crucible.check.kafka;

import static dev.crucible.check.kafka.H.X;
import static dev.crucible.check.kafka.H.Y;
import static dev.crucible.check.kafka.H.m;
import static dev.crucible.check.kafka.H.pairs;
import static dev.crucible.check.kafka.H.polled;
import static dev.crucible.check.kafka.H.send;
import static dev.crucible.check.kafka.H.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.OpType;
import dev.crucible.check.kafka.RealtimeLag.Lag;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec scenario 13: realtime lag (times are event positions). */
class RealtimeLagScenarioTest {

    @Test
    void scenario13RealtimeLag() {
        H h = H.history().assignment(0, OpType.OK, "assign", X)
                .poll(0, m(X, pairs()))                                    // t2: nothing to see yet
                .sendOk(0, sent(X, 0L, "a"))                               // t5: offset 0 exists
                .poll(0, m(X, pairs()))                                    // t6: lag 6 - 5
                .sendOk(1, sent(X, 2L, "c"), sent(X, 3L, "d"))            // t9: offsets 1..3 exist
                .call(0, OpType.OK, "poll", H.poll())                      // t10: still at -1, lag 5
                .poll(0, m(X, pairs(0, "a", 1, "b")))                      // t12: at 1, lag 12 - 9
                .assignment(0, OpType.OK, "assign", X, Y)
                .poll(0, m())                                              // t16: x 7, y 0
                .assignment(0, OpType.OK, "assign", Y)
                .assignment(0, OpType.OK, "assign", X)
                .poll(0, m())                                              // t22: rewound, 22 - 5
                .call(0, OpType.OK, "poll", polled(m(X, pairs(0, "a", 1, "b"))),
                        polled(m(X, pairs(2, "c", 3, "d"))))                   // t24: caught up
                .call(1, OpType.INFO, "send", send(X, "b"));
        assertThat(RealtimeLag.lags(QueueOps.parse(h.ops()))).containsExactly(
                new Lag(2, 0, X, 0), new Lag(6, 0, X, 1), new Lag(10, 0, X, 5), new Lag(12, 0, X, 3),
                new Lag(16, 0, X, 7), new Lag(16, 0, Y, 0), new Lag(22, 0, X, 17), new Lag(24, 0, X, 0));
        assertThat(h.check().stats().get("worst-realtime-lag"))
                .isEqualTo(Map.of("time", 22L, "process", 0L, "key", X, "lag", 17L));
    }
}
