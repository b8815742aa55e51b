package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Realtime lag, a metric: for each key of each ok poll, a lower bound on how long before the
 * poll's invocation the last message the process had reached on that key stopped being the
 * newest one in the log. Offset i is known to exist from the completion of the first ok or info
 * op that showed offset i or higher. An assign keeps the offsets of the keys it keeps and starts
 * the others before offset 0; a subscribe or a crash starts afresh with no keys.
 */
final class RealtimeLag {
    private RealtimeLag() {}

    /**
     * One measurement.
     *
     * @param time the poll's invocation time
     * @param process the polling process
     * @param key the key
     * @param lag the lag, in the history's time unit
     */
    record Lag(long time, long process, Object key, long lag) {}

    /** Every measurement in history order (keys in order within a poll); none without times. */
    static List<Lag> lags(List<QueueOp> ops) {
        if (ops.isEmpty() || ops.get(0).time() < 0) {
            return List.of();
        }
        Map<Object, List<Long>> known = new HashMap<>();
        for (QueueOp op : ops) {
            maxOffsets(op).forEach((k, top) -> {
                List<Long> times = known.computeIfAbsent(k, x -> new ArrayList<>());
                while (times.size() <= top) {
                    times.add(null);
                }
                for (long i = top; i >= 0 && times.get((int) i) == null; i--) {
                    times.set((int) i, op.time());
                }
            });
        }
        Map<Long, Map<Object, Long>> reached = new HashMap<>();
        List<Lag> out = new ArrayList<>();
        for (QueueOp op : ops) {
            Map<Object, Long> before = reached.getOrDefault(op.process(), Map.of());
            Map<Object, Long> now = new TreeMap<>(Ordering.DATA);
            boolean ok = op.type() == OpType.OK;
            if (op.f().equals("crash") || ok && op.f().equals("subscribe")) {
                now.clear();
            } else if (ok && op.f().equals("assign")) {
                op.keys().forEach(k -> now.put(k, before.getOrDefault(k, -1L)));
            } else if (ok && (op.f().equals("poll") || op.f().equals("txn"))) {
                now.putAll(before);
                maxOffsets(op).forEach((k, o) -> now.merge(k, o, Math::max));
                now.forEach((k, o) -> {
                    List<Long> times = known.getOrDefault(k, List.of());
                    Long expired = o + 1 < times.size() ? times.get((int) (o + 1)) : null;
                    long lag = expired == null ? 0 : Math.max(0, op.invokeTime() - expired);
                    out.add(new Lag(op.invokeTime(), op.process(), k, lag));
                });
            } else {
                continue;
            }
            reached.put(op.process(), now);
        }
        return out;
    }

    /** The measurement with the highest lag (the first of equals), or null when there is none. */
    static Lag worst(List<Lag> lags) {
        Lag worst = null;
        for (Lag l : lags) {
            if (worst == null || l.lag() > worst.lag()) {
                worst = l;
            }
        }
        return worst;
    }

    /** Per key, the highest offset an ok or info op sent or polled (-1 for keys polled empty). */
    private static Map<Object, Long> maxOffsets(QueueOp op) {
        Map<Object, Long> out = new HashMap<>();
        if (op.type() != OpType.OK && op.type() != OpType.INFO) {
            return out;
        }
        op.polls().forEach((k, ms) -> out.merge(k, ms.stream().filter(m -> m.offset() != null)
                .mapToLong(OffsetValue::offset).max().orElse(-1), Math::max));
        op.sends().forEach((k, ms) -> ms.stream().filter(m -> m.offset() != null)
                .forEach(m -> out.merge(k, m.offset(), Math::max)));
        return out;
    }
}
