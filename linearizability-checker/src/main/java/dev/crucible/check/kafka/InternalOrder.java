package dev.crucible.check.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Order within one op: consecutive polled values of a key must be consecutive in its log
 * (int-poll-skip, int-nonmonotonic-poll; keys in the op's rebalance log are exempt), and
 * consecutive sends to a key must land in order (int-nonmonotonic-send) and, for the allowed
 * int-send-skip, next to each other.
 */
final class InternalOrder {
    private InternalOrder() {}

    /** The anomalies of every op. */
    static List<Anomaly> find(Analysis a) {
        List<Anomaly> out = new ArrayList<>();
        for (QueueOp op : a.ops()) {
            List<Long> ops = List.of(op.index());
            op.polls().forEach((k, ms) -> {
                if (!op.rebalanced().contains(k)) {
                    pairs(out, "int-poll-skip", "int-nonmonotonic-poll", k, a, op.polledValues(k), ops);
                }
            });
            op.sends().keySet().forEach(k ->
                    pairs(out, "int-send-skip", "int-nonmonotonic-send", k, a, op.sentValues(k), ops));
        }
        return out;
    }

    private static void pairs(List<Anomaly> out, String skip, String back, Object k, Analysis a,
            List<Object> values, List<Long> ops) {
        VersionOrder vo = a.order(k);
        for (int i = 0; i + 1 < values.size(); i++) {
            Anomaly found = OrderPairs.judge(skip, back, k, vo, values.get(i), values.get(i + 1), ops,
                    Map.of());
            if (found != null) {
                out.add(found);
            }
        }
    }
}
