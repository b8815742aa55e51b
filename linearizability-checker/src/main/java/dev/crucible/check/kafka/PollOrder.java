package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Order across one process's polls: where an op first polls a key, it must continue right after
 * the last message the process's previous ok poll of that key returned (poll-skip when it jumps
 * over known messages, nonmonotonic-poll when it starts at or before it). Every completion is
 * judged, but only ok polls move the position: a failed or crashed txn must rewind.
 *
 * <p>An ok or info assign or subscribe forgets the keys it drops; an assign that seeks to the
 * beginning also forgets the keys it keeps; a crash forgets everything (a fresh client). Each
 * anomaly records in "via" whether the consumer was last "assign"ed, "subscribe"d or neither
 * ("none"), because with subscribe the broker may move partitions between consumers, so both
 * anomalies are expected there.
 */
final class PollOrder {
    private PollOrder() {}

    private static final class Consumer {
        final Map<Object, QueueOp> lastReads = new HashMap<>();
        String via = "none";
    }

    /** The anomalies of every process. */
    static List<Anomaly> find(Analysis a) {
        Map<Long, Consumer> consumers = new HashMap<>();
        List<Anomaly> out = new ArrayList<>();
        for (QueueOp op : a.ops()) {
            Consumer c = consumers.computeIfAbsent(op.process(), p -> new Consumer());
            if (op.f().equals("crash")) {
                consumers.remove(op.process());
            } else if (op.isAssignment() && op.type() != OpType.FAIL) {
                c.lastReads.keySet().retainAll(op.keys());
                if (op.seekToBeginning()) {
                    op.keys().forEach(c.lastReads::remove);
                }
                c.via = op.f();
            } else if (op.isSendOrPoll()) {
                judge(a, c, op, out);
            }
        }
        return out;
    }

    private static void judge(Analysis a, Consumer c, QueueOp op, List<Anomaly> out) {
        op.polls().forEach((k, ms) -> {
            QueueOp last = c.lastReads.get(k);
            if (ms.isEmpty() || last == null) {
                return;
            }
            List<Object> before = last.polledValues(k);
            Anomaly found = OrderPairs.judge("poll-skip", "nonmonotonic-poll", k, a.order(k),
                    before.get(before.size() - 1), ms.get(0).value(), List.of(last.index(), op.index()),
                    Map.of("via", c.via));
            if (found != null) {
                out.add(found);
            }
        });
        if (op.type() == OpType.OK) {
            op.polls().forEach((k, ms) -> {
                if (!ms.isEmpty()) {
                    c.lastReads.put(k, op);
                }
            });
        }
    }
}
