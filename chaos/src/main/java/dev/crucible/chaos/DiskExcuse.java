package dev.crucible.chaos;

import dev.crucible.chaos.nemesis.DiskDamage;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.kafka.Anomaly;
import dev.crucible.check.kafka.QueueChecker;
import dev.crucible.check.kafka.QueueResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tells the loss a disk fault caused from any other. When a node holding the only copy of a
 * partition had its segment tail cut or corrupted, the acknowledged records from the damaged batch
 * on are gone by construction, and the checker rightly reports them (lost-write, unseen) along with
 * what follows from a log that shrank (new values at the same offsets: inconsistent-offsets; readers
 * jumping back or over: nonmonotonic-poll, poll-skip). Those anomalies, and only those, are moved
 * to the allowed type {@value #TYPE}: an anomaly is excused when an offset it names lies in a
 * destroyed range, or a value it names was seen at such an offset. Everything else stays as the
 * checker judged it. With more than one copy nothing is excused: the other replicas have the data.
 */
final class DiskExcuse {
    static final String TYPE = "disk-loss";

    private DiskExcuse() {}

    static QueueResult apply(QueueResult result, QueueChecker checker, List<Op> history,
            List<DiskDamage.Range> damage, int replicas) {
        if (damage.isEmpty() || replicas > 1 || result.errors().isEmpty()) {
            return result;
        }
        Map<Long, List<DiskDamage.Range>> byKey = new HashMap<>();
        damage.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        Map<Long, Set<Object>> destroyedValues = new HashMap<>();
        Map<Long, Set<Object>> acked = new HashMap<>();
        Map<Long, Set<Object>> polled = new HashMap<>();
        for (Op op : history) {
            if (op.type() != OpType.OK || !(op.value() instanceof List<?> mops)) {
                continue;
            }
            for (Object mop : mops) {
                if (!(mop instanceof List<?> m) || m.size() < 2) {
                    continue;
                }
                String f = String.valueOf(m.get(0));
                if (f.endsWith("send") && m.size() == 3 && m.get(2) instanceof List<?> pair && pair.size() == 2) {
                    long key = ((Number) m.get(1)).longValue();
                    acked.computeIfAbsent(key, k -> new HashSet<>()).add(pair.get(1));
                    note(byKey, destroyedValues, key, pair);
                } else if (f.endsWith("poll") && m.get(1) instanceof Map<?, ?> byK) {
                    byK.forEach((k, pairs) -> {
                        long key = ((Number) k).longValue();
                        for (Object p : (List<?>) pairs) {
                            List<?> pair = (List<?>) p;
                            polled.computeIfAbsent(key, x -> new HashSet<>()).add(pair.get(1));
                            note(byKey, destroyedValues, key, pair);
                        }
                    });
                }
            }
        }
        Map<String, List<Anomaly>> errors = new TreeMap<>();
        Set<String> bad = new TreeSet<>();
        List<Anomaly> excused = new ArrayList<>();
        result.errors().forEach((type, xs) -> {
            for (Anomaly x : xs) {
                if (excused(x, byKey, destroyedValues, acked, polled)) {
                    Map<String, Object> details = new LinkedHashMap<>(x.details());
                    details.put("excused-type", x.type());
                    excused.add(new Anomaly(TYPE, x.key(), "[" + x.type() + ", destroyed by a disk fault] " + x.description(),
                            x.opIndexes(), details));
                    continue;
                }
                errors.computeIfAbsent(type, t -> new ArrayList<>()).add(x);
                if (checker.isBad(x)) {
                    bad.add(type);
                }
            }
        });
        if (!excused.isEmpty()) {
            errors.put(TYPE, excused);
        }
        Map<String, Object> stats = new LinkedHashMap<>(result.stats());
        stats.put("disk-damage", damage.stream().map(r -> r.node() + " key " + r.key() + " offsets " + r.from() + ".."
                + (r.to() - 1)).toList());
        return new QueueResult(bad.isEmpty(), errors, List.copyOf(bad), stats);
    }

    private static void note(Map<Long, List<DiskDamage.Range>> byKey, Map<Long, Set<Object>> destroyedValues,
            long key, List<?> pair) {
        if (inRange(byKey, key, ((Number) pair.get(0)).longValue())) {
            destroyedValues.computeIfAbsent(key, k -> new HashSet<>()).add(pair.get(1));
        }
    }

    private static boolean inRange(Map<Long, List<DiskDamage.Range>> byKey, long key, long offset) {
        return byKey.getOrDefault(key, List.of()).stream().anyMatch(r -> r.contains(offset));
    }

    private static boolean excused(Anomaly x, Map<Long, List<DiskDamage.Range>> byKey,
            Map<Long, Set<Object>> destroyedValues, Map<Long, Set<Object>> acked, Map<Long, Set<Object>> polled) {
        if (!(x.key() instanceof Number n)) {
            return false;
        }
        long key = n.longValue();
        Set<Object> destroyed = destroyedValues.getOrDefault(key, Set.of());
        Map<String, Object> d = x.details();
        switch (x.type()) {
            case "inconsistent-offsets":
                return d.get("offset") instanceof Number o && inRange(byKey, key, o.longValue());
            case "unseen": {
                Set<Object> unseen = new HashSet<>(acked.getOrDefault(key, Set.of()));
                unseen.removeAll(polled.getOrDefault(key, Set.of()));
                return !unseen.isEmpty() && destroyed.containsAll(unseen);
            }
            case "lost-write":
                return destroyed.contains(d.get("value"));
            case "duplicate", "poll-skip", "nonmonotonic-poll", "nonmonotonic-send",
                    "int-poll-skip", "int-nonmonotonic-poll", "int-send-skip", "int-nonmonotonic-send": {
                if (d.get("offsets") instanceof List<?> offs
                        && offs.stream().anyMatch(o -> o instanceof Number on && inRange(byKey, key, on.longValue()))) {
                    return true;
                }
                Object values = d.get("values");
                return values instanceof List<?> vs ? vs.stream().anyMatch(destroyed::contains) : destroyed.contains(d.get("value"));
            }
            default:
                return false;
        }
    }
}
