package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The statistics of a check, as {@link QueueResult#stats()} documents them. */
final class QueueStats {
    private QueueStats() {}

    /** How many send, poll or txn ops completed ok. */
    static long okSendsAndPolls(List<QueueOp> ops) {
        return ops.stream().filter(op -> op.type() == OpType.OK && op.isSendOrPoll()).count();
    }

    /** The statistics. */
    static Map<String, Object> of(List<QueueOp> ops, Analysis a, Unseen unseen) {
        Map<String, Map<String, Long>> byF = new TreeMap<>();
        long sent = 0;
        long polled = 0;
        for (QueueOp op : ops) {
            byF.computeIfAbsent(op.f(), f -> new TreeMap<>()).merge(op.type().text(), 1L, Long::sum);
            if (op.type() == OpType.OK) {
                sent += op.sends().values().stream().mapToLong(List::size).sum();
                polled += op.polls().values().stream().mapToLong(List::size).sum();
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("ops", byF);
        stats.put("keys", (long) a.orders().size());
        stats.put("messages-sent-ok", sent);
        stats.put("messages-polled-ok", polled);
        stats.put("unseen", unseen.finalCounts());
        stats.put("unseen-series", unseen.series());
        RealtimeLag.Lag worst = RealtimeLag.worst(RealtimeLag.lags(ops));
        if (worst != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("time", worst.time());
            w.put("process", worst.process());
            w.put("key", worst.key());
            w.put("lag", worst.lag());
            stats.put("worst-realtime-lag", w);
        }
        return stats;
    }
}
