package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lost writes: for each key, the highest index an ok poll reached (each read value counted at
 * its first index) bounds what the pollers should have seen; any value whose last index lies at
 * or below it, whose send must have committed, and that no ok poll returned, was lost. Details:
 * "value", "index", "max-read-index", "writer", "max-read" (op indexes: the
 * send, and the first ok poll that reached the bound).
 */
final class LostWrites {
    private LostWrites() {}

    /** The lost writes of every key. */
    static List<Anomaly> find(Analysis a) {
        List<Anomaly> out = new ArrayList<>();
        Map<Object, Set<Object>> okReads = a.evidence().okReads();
        for (Object k : Ordering.sorted(okReads.keySet())) {
            Set<Object> read = okReads.get(k);
            VersionOrder vo = a.order(k);
            Map<Object, Integer> first = vo.firstIndexes();
            int bound = read.stream().filter(first::containsKey).mapToInt(first::get).max().orElse(-1);
            if (bound < 0) {
                continue;
            }
            List<Set<Object>> byLast = vo.valuesByLastIndex();
            Set<Object> mustRead = new LinkedHashSet<>();
            byLast.subList(0, bound + 1).forEach(mustRead::addAll);
            Long maxRead = maxRead(a, k, read, first, bound);
            for (Object v : mustRead) {
                QueueOp writer = a.evidence().writer(k, v);
                if (read.contains(v) || writer == null || !a.evidence().mustHaveCommitted(writer)) {
                    continue;
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("value", v);
                details.put("index", (long) first.get(v));
                details.put("max-read-index", (long) bound);
                details.put("writer", writer.index());
                details.put("max-read", maxRead);
                List<Long> ops = maxRead == null ? List.of(writer.index())
                        : List.of(writer.index(), maxRead);
                out.add(new Anomaly("lost-write", k, "key " + k + ": " + OrderPairs.show(v) + " at index "
                        + first.get(v) + " was never polled, though polls reached index " + bound, ops,
                        details));
            }
        }
        return out;
    }

    /** The first ok op that polled a value whose first index is the bound. */
    private static Long maxRead(Analysis a, Object k, Set<Object> read, Map<Object, Integer> first,
            int bound) {
        for (Object v : read) {
            if (first.containsKey(v) && first.get(v) == bound) {
                for (QueueOp op : a.evidence().readers(k, v)) {
                    if (op.type() == OpType.OK) {
                        return op.index();
                    }
                }
            }
        }
        return null;
    }
}
