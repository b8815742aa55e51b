package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * G1a (aborted read): an ok poll or txn returned a value whose send definitely failed. Details:
 * "value", "writer", "reader" (op indexes).
 */
final class AbortedReads {
    private AbortedReads() {}

    /** The aborted reads of every ok op. */
    static List<Anomaly> find(Analysis a) {
        List<Anomaly> out = new ArrayList<>();
        for (QueueOp op : a.ops()) {
            if (op.type() != OpType.OK) {
                continue;
            }
            op.polls().forEach((k, ms) -> ms.forEach(m -> {
                if (a.evidence().failedWrite(k, m.value())) {
                    QueueOp writer = a.evidence().writer(k, m.value());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("value", m.value());
                    details.put("writer", writer.index());
                    details.put("reader", op.index());
                    out.add(new Anomaly("G1a", k, "key " + k + ": polled " + OrderPairs.show(m.value())
                            + " whose send failed", List.of(op.index(), writer.index()), details));
                }
            }));
        }
        return out;
    }
}
