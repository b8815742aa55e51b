package dev.crucible.check.kafka;

import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small DSL for Kafka workload histories in tests. Each event's index and time is its position.
 * Keys X and Y stand for Jepsen's :x and :y.
 */
final class H {
    static final Long X = 0L;
    static final Long Y = 1L;

    private final List<Op> ops = new ArrayList<>();

    static H history() {
        return new H();
    }

    /** Adds one event. */
    H event(long p, OpType type, String f, Object value) {
        return event(p, type, f, value, Map.of());
    }

    /** Adds one event with extra fields. */
    H event(long p, OpType type, String f, Object value, Map<String, Object> extra) {
        long i = ops.size();
        ops.add(new Op(i, type, p, f, value, i, extra, 0));
        return this;
    }

    H invoke(long p, String f, Object value) {
        return event(p, OpType.INVOKE, f, value);
    }

    H ok(long p, String f, Object value) {
        return event(p, OpType.OK, f, value);
    }

    /** Adds an invocation (offsets and poll results stripped) and its completion. */
    H call(long p, OpType type, String f, Object... mops) {
        invoke(p, f, Arrays.stream(mops).map(H::asInvoked).toList());
        return event(p, type, f, List.of(mops));
    }

    /** An ok send or txn: invocation and completion. */
    H sendOk(long p, Object... mops) {
        return call(p, OpType.OK, "send", mops);
    }

    /** An ok poll of one poll micro-op returning these messages per key. */
    H poll(long p, Map<Object, Object> byKey) {
        return call(p, OpType.OK, "poll", polled(byKey));
    }

    /** An assign or subscribe: invocation and completion. */
    H assignment(long p, OpType type, String f, Object... keys) {
        invoke(p, f, List.of(keys));
        return event(p, type, f, List.of(keys));
    }

    List<Op> ops() {
        return ops;
    }

    /** The check under the default checker. */
    QueueResult check() {
        return QueueChecker.defaults().check(ops);
    }

    /** The anomalies of a type in a result (empty when none). */
    static List<Anomaly> errs(QueueResult r, String type) {
        return r.errors().getOrDefault(type, List.of());
    }

    // Micro-ops and data.

    static List<Object> send(Object k, Object v) {
        return List.of(Keyword.of("send"), k, v);
    }

    /** A completed send; offset may be null. */
    static List<Object> sent(Object k, Long offset, Object v) {
        return List.of(Keyword.of("send"), k, o(offset, v));
    }

    static List<Object> poll() {
        return List.of(Keyword.of("poll"));
    }

    static List<Object> polled(Map<Object, Object> byKey) {
        return List.of(Keyword.of("poll"), byKey);
    }

    /** An [offset value] pair; offset may be null. */
    static List<Object> o(Long offset, Object v) {
        return Arrays.asList(offset, v);
    }

    /** A map of key to [[offset value] ...], in the order given. */
    static Map<Object, Object> m(Object... kvs) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kvs.length; i += 2) {
            out.put(kvs[i], kvs[i + 1]);
        }
        return out;
    }

    /** Pairs from alternating offsets and values. */
    static List<Object> pairs(Object... ovs) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < ovs.length; i += 2) {
            out.add(o(ovs[i] == null ? null : ((Number) ovs[i]).longValue(), ovs[i + 1]));
        }
        return out;
    }

    private static Object asInvoked(Object mop) {
        List<?> l = (List<?>) mop;
        if (l.get(0).equals(Keyword.of("poll"))) {
            return poll();
        }
        return l.get(2) instanceof List<?> pair ? send(l.get(1), pair.get(1)) : l;
    }
}
