package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Messages that ok sends acknowledged and no ok poll returned, followed through the history:
 * after each ok send, poll or txn, the count of unseen messages per key. Those still unseen at
 * the end are the "unseen" anomaly (one per key; details "count" and up to 32 "messages"); it
 * cannot tell loss from delay.
 */
final class Unseen {
    private static final int SHOWN = 32;

    private final List<Map<String, Object>> series = new ArrayList<>();
    private final Map<Object, Set<Object>> unseen = new HashMap<>();

    Unseen(List<QueueOp> ops) {
        Map<Object, Set<Object>> polled = new HashMap<>();
        for (QueueOp op : ops) {
            if (op.type() != OpType.OK || !op.isSendOrPoll()) {
                continue;
            }
            op.sends().forEach((k, ms) -> ms.forEach(m ->
                    unseen.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(m.value())));
            op.polls().forEach((k, ms) -> ms.forEach(m ->
                    polled.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(m.value())));
            Map<Object, Long> counts = new TreeMap<>(Ordering.DATA);
            unseen.forEach((k, vs) -> {
                vs.removeAll(polled.getOrDefault(k, Set.of()));
                counts.put(k, (long) vs.size());
            });
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time", op.time());
            point.put("unseen", counts);
            series.add(point);
        }
    }

    /** After each ok send, poll or txn: "time" and "unseen" (key to count of unseen messages). */
    List<Map<String, Object>> series() {
        return series;
    }

    /** Per key, how many messages are unseen at the end (keys with none left out). */
    Map<Object, Long> finalCounts() {
        Map<Object, Long> counts = new TreeMap<>(Ordering.DATA);
        unseen.forEach((k, vs) -> {
            if (!vs.isEmpty()) {
                counts.put(k, (long) vs.size());
            }
        });
        return counts;
    }

    /** One anomaly per key with messages unseen at the end. */
    List<Anomaly> anomalies(Analysis a) {
        List<Anomaly> out = new ArrayList<>();
        finalCounts().forEach((k, count) -> {
            List<Object> messages = Ordering.sorted(unseen.get(k));
            List<Object> shown = messages.subList(0, Math.min(SHOWN, messages.size()));
            List<Long> writers = new ArrayList<>();
            shown.stream().limit(8).forEach(v -> writers.add(a.evidence().writer(k, v).index()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("count", count);
            details.put("messages", List.copyOf(shown));
            out.add(new Anomaly("unseen", k, "key " + k + ": " + count
                    + " acknowledged message(s) never polled, e.g. " + OrderPairs.show(shown), writers,
                    details));
        });
        return out;
    }
}
