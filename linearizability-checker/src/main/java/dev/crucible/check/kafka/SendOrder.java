package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Order across one process's sends (nonmonotonic-send): the first send of an ok or info op to a
 * key must land after the last send of the process's previous op to that key. An ok or info
 * assign or subscribe forgets the keys it drops; a crash forgets everything.
 */
final class SendOrder {
    private SendOrder() {}

    /** The anomalies of every process. */
    static List<Anomaly> find(Analysis a) {
        Map<Long, Map<Object, QueueOp>> lastSends = new HashMap<>();
        List<Anomaly> out = new ArrayList<>();
        for (QueueOp op : a.ops()) {
            if (op.type() == OpType.FAIL) {
                continue;
            }
            Map<Object, QueueOp> last = lastSends.computeIfAbsent(op.process(), p -> new HashMap<>());
            if (op.f().equals("crash")) {
                last.clear();
            } else if (op.isAssignment()) {
                last.keySet().retainAll(op.keys());
            } else if (op.isSendOrPoll()) {
                op.sends().forEach((k, ms) -> {
                    QueueOp prev = last.get(k);
                    if (prev != null && !ms.isEmpty()) {
                        List<Object> before = prev.sentValues(k);
                        Anomaly found = OrderPairs.judge(null, "nonmonotonic-send", k, a.order(k),
                                before.get(before.size() - 1), ms.get(0).value(),
                                List.of(prev.index(), op.index()), Map.of());
                        if (found != null) {
                            out.add(found);
                        }
                    }
                    last.put(k, op);
                });
            }
        }
        return out;
    }
}
