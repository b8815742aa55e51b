package dev.crucible.check.kafka;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a history's events into {@link QueueOp}s: client completions of the Kafka workload's
 * functions, in history order. Invocations only lend their time, and their value when a
 * completion carries none. Nemesis records and other functions are dropped.
 *
 * <p>A send micro-op's third element is an {@code [offset value]} pair when it is a two-element
 * list whose first element is null or a number; anything else is a bare value of unknown offset
 * (the invocation's shape, which info completions often keep).
 */
final class QueueOps {
    private static final Set<String> FUNCTIONS =
            Set.of("send", "poll", "txn", "assign", "subscribe", "crash");

    private QueueOps() {}

    /** The completions of the history, parsed. */
    static List<QueueOp> parse(List<Op> history) {
        Map<Long, Op> pending = new HashMap<>();
        List<QueueOp> out = new ArrayList<>();
        for (Op op : history) {
            if (!op.isClient() || !FUNCTIONS.contains(op.f())) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                pending.put(op.processId(), op);
                continue;
            }
            Op invoke = pending.remove(op.processId());
            Object value = op.value() != null || invoke == null ? op.value() : invoke.value();
            out.add(parse(op, value, invoke == null ? -1 : invoke.time()));
        }
        return out;
    }

    private static QueueOp parse(Op op, Object value, long invokeTime) {
        Map<Object, List<OffsetValue>> sends = new LinkedHashMap<>();
        Map<Object, List<OffsetValue>> polls = new LinkedHashMap<>();
        List<Object> keys = new ArrayList<>();
        boolean assignment = op.f().equals("assign") || op.f().equals("subscribe");
        if (value instanceof List<?> items) {
            for (Object item : items) {
                if (assignment) {
                    keys.add(key(item));
                } else if (!op.f().equals("crash")) {
                    microOp(op, item, sends, polls);
                }
            }
        } else if (value != null && !op.f().equals("crash")) {
            throw bad(op, "expected a list as value, got " + value);
        }
        return new QueueOp(op.index(), op.type(), op.processId(), op.f(), op.time(), invokeTime, sends,
                polls, keys, rebalanced(op), Boolean.TRUE.equals(extra(op, "seek-to-beginning?")));
    }

    private static void microOp(Op op, Object item, Map<Object, List<OffsetValue>> sends,
            Map<Object, List<OffsetValue>> polls) {
        if (!(item instanceof List<?> mop) || mop.isEmpty()) {
            throw bad(op, "expected a micro-op like [:send k v] or [:poll], got " + item);
        }
        String name = name(mop.get(0));
        if (name.equals("send") && mop.size() == 3) {
            Object v = mop.get(2);
            OffsetValue ov = v instanceof List<?> pair && pair.size() == 2
                    && (pair.get(0) == null || pair.get(0) instanceof Number)
                    ? new OffsetValue(offset(pair.get(0)), pair.get(1)) : new OffsetValue(null, v);
            sends.computeIfAbsent(key(mop.get(1)), k -> new ArrayList<>()).add(ov);
        } else if (name.equals("poll") && mop.size() <= 2) {
            Object result = mop.size() == 2 ? mop.get(1) : null;
            if (result instanceof Map<?, ?> byKey) {
                byKey.forEach((k, pairs) -> {
                    List<OffsetValue> seen = polls.computeIfAbsent(key(k), x -> new ArrayList<>());
                    for (Object p : pairs instanceof List<?> l ? l : List.of()) {
                        if (!(p instanceof List<?> pair) || pair.size() != 2) {
                            throw bad(op, "expected [offset value] in a poll, got " + p);
                        }
                        seen.add(new OffsetValue(offset(pair.get(0)), pair.get(1)));
                    }
                });
            } else if (result != null) {
                throw bad(op, "expected a map of key to [[offset value] ...] in a poll, got " + result);
            }
        } else {
            throw bad(op, "unknown micro-op " + item);
        }
    }

    private static Set<Object> rebalanced(Op op) {
        Set<Object> keys = new LinkedHashSet<>();
        if (extra(op, "rebalance-log") instanceof List<?> log) {
            for (Object entry : log) {
                if (entry instanceof Map<?, ?> m) {
                    Object ks = m.containsKey("keys") ? m.get("keys") : m.get(Keyword.of("keys"));
                    if (ks instanceof Iterable<?> it) {
                        it.forEach(k -> keys.add(key(k)));
                    }
                }
            }
        }
        return keys;
    }

    private static Object extra(Op op, String name) {
        return op.extra() == null ? null : op.extra().get(name);
    }

    private static String name(Object o) {
        String s = o instanceof Keyword k ? k.name() : String.valueOf(o);
        return s.startsWith(":") ? s.substring(1) : s;
    }

    /** Integral keys become Longs so 3 and 3L are one key. */
    private static Object key(Object k) {
        return k instanceof Integer || k instanceof Short || k instanceof Byte
                ? Long.valueOf(((Number) k).longValue()) : k;
    }

    private static Long offset(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static HistoryFormatException bad(Op op, String problem) {
        return new HistoryFormatException(null, op.line(), "op " + op.index() + ": " + problem);
    }
}
