package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the completions say about each message: which values ok ops polled, which sends
 * definitely failed, and which op wrote or read each (key, value).
 */
final class Evidence {
    private final Map<Object, Set<Object>> okReads = new HashMap<>();
    private final Map<Object, Set<Object>> failedWrites = new HashMap<>();
    private final Map<Object, Map<Object, QueueOp>> writers = new HashMap<>();
    private final Map<Object, Map<Object, List<QueueOp>>> readers = new HashMap<>();

    Evidence(List<QueueOp> ops) {
        for (QueueOp op : ops) {
            op.sends().forEach((k, sent) -> sent.forEach(m -> {
                writers.computeIfAbsent(k, x -> new HashMap<>()).put(m.value(), op);
                if (op.type() == OpType.FAIL) {
                    failedWrites.computeIfAbsent(k, x -> new HashSet<>()).add(m.value());
                }
            }));
            op.polls().forEach((k, seen) -> seen.forEach(m -> {
                readers.computeIfAbsent(k, x -> new HashMap<>())
                        .computeIfAbsent(m.value(), x -> new ArrayList<>()).add(op);
                if (op.type() == OpType.OK) {
                    okReads.computeIfAbsent(k, x -> new HashSet<>()).add(m.value());
                }
            }));
        }
    }

    /** Per key, every value an ok poll or txn returned. */
    Map<Object, Set<Object>> okReads() {
        return okReads;
    }

    /** Whether a failed send or txn sent v to k. */
    boolean failedWrite(Object k, Object v) {
        return failedWrites.getOrDefault(k, Set.of()).contains(v);
    }

    /** The last completion that sent v to k, or null. */
    QueueOp writer(Object k, Object v) {
        return writers.getOrDefault(k, Map.of()).get(v);
    }

    /** The completions that polled v from k, in history order. */
    List<QueueOp> readers(Object k, Object v) {
        return readers.getOrDefault(k, Map.of()).getOrDefault(v, List.of());
    }

    /**
     * Whether the op's sends must have taken effect: it is ok, or it is info and an ok poll
     * returned one of its sends (else that poll would have read uncommitted data).
     */
    boolean mustHaveCommitted(QueueOp op) {
        if (op.type() == OpType.OK) {
            return true;
        }
        if (op.type() != OpType.INFO) {
            return false;
        }
        for (Map.Entry<Object, List<OffsetValue>> e : op.sends().entrySet()) {
            Set<Object> read = okReads.getOrDefault(e.getKey(), Set.of());
            if (e.getValue().stream().anyMatch(m -> read.contains(m.value()))) {
                return true;
            }
        }
        return false;
    }
}
