package dev.crucible.chaos;

import dev.crucible.chaos.client.AckedSends;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.kafka.Anomaly;
import dev.crucible.check.kafka.QueueChecker;
import dev.crucible.check.kafka.QueueResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lost writes that only the final read can show. Jepsen's lost-write needs a later poll to reach past the lost value, and
 * its unseen needs the value never to have been polled; a write that was acknowledged, read, and then cut away with the
 * tail of its partition (a rollback, a follower truncating what it should keep) with nothing written over it afterwards
 * is neither. The final read knows more than any poll: after healing and settling it read each partition to the end the
 * cluster serves. An acknowledged send at or beyond that end is gone: it is reported as a {@code lost-write} with
 * {@code "via": "final-read"} (details "value", "offset", "end", "writer"), unless the checker already reported the value
 * as lost or unseen. Nothing is added when the final read did not complete.
 */
final class FinalReadLoss {
    static final String TYPE = "lost-write";

    private FinalReadLoss() {}

    /** key/value of everything an ok poll returned. */
    private static Set<String> polled(List<Op> history) {
        Set<String> out = new HashSet<>();
        for (Op op : history) {
            if (op.type() != OpType.OK || !(op.value() instanceof List<?> mops)) {
                continue;
            }
            for (Object m : mops) {
                if (m instanceof List<?> mop && mop.size() == 2 && String.valueOf(mop.get(0)).endsWith("poll")
                        && mop.get(1) instanceof Map<?, ?> byKey) {
                    byKey.forEach((k, pairs) -> {
                        for (Object p : (List<?>) pairs) {
                            out.add(((Number) k).longValue() + "/" + ((List<?>) p).get(1));
                        }
                    });
                }
            }
        }
        return out;
    }

    static QueueResult apply(QueueResult result, QueueChecker checker, List<Op> history, Map<Integer, Long> ends) {
        if (ends.isEmpty()) {
            return result;
        }
        Set<String> reported = new HashSet<>(); // key/value
        for (Anomaly a : result.errors().getOrDefault(TYPE, List.of())) {
            reported.add(a.key() + "/" + a.details().get("value"));
        }
        Set<String> once = polled(history); // a value never polled at all is the checker's unseen
        List<Anomaly> found = new ArrayList<>();
        AckedSends.forEach(history, (key, offset, value, op) -> {
            Long end = ends.get((int) key);
            String kv = key + "/" + value;
            if (end == null || offset < end || reported.contains(kv) || !once.contains(kv)) {
                return;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("value", value);
            details.put("offset", offset);
            details.put("end", end);
            details.put("writer", op.index());
            details.put("via", "final-read");
            found.add(new Anomaly(TYPE, key, "key " + key + ": " + value + " acknowledged at offset " + offset
                    + " is gone: the final read found the partition ending at " + end + " after healing", List.of(op.index()),
                    details));
        });
        if (found.isEmpty()) {
            return result;
        }
        Map<String, List<Anomaly>> errors = new TreeMap<>(result.errors());
        List<Anomaly> all = new ArrayList<>(errors.getOrDefault(TYPE, List.of()));
        all.addAll(found);
        errors.put(TYPE, all);
        Set<String> bad = new TreeSet<>(result.badTypes());
        if (checker.isBad(found.get(0))) {
            bad.add(TYPE);
        }
        return new QueueResult(bad.isEmpty(), errors, List.copyOf(bad), result.stats());
    }
}
