package dev.crucible.chaos;

import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A queue history written by hand, as the chaos clients record one: each op is an invoke and its completion. */
final class TestHistory {
    private final List<Op> ops = new ArrayList<>();
    private long process;

    /** Every op so far (the live list). */
    List<Op> ops() {
        return ops;
    }

    /** A send of {@code value} to {@code key} that completed with {@code outcome} at {@code offset}. */
    void send(OpType outcome, long key, long offset, long value) {
        op(outcome, "send", List.of(List.of(Keyword.of("send"), key, value)),
                List.of(List.of(Keyword.of("send"), key, List.of(offset, value))));
    }

    /** An ok poll of {@code key} returning offset, value, offset, value, ... */
    void poll(long key, long... offsetValue) {
        List<Object> pairs = new ArrayList<>();
        for (int i = 0; i < offsetValue.length; i += 2) {
            pairs.add(List.of(offsetValue[i], offsetValue[i + 1]));
        }
        Map<Object, Object> byKey = new LinkedHashMap<>();
        byKey.put(key, pairs);
        op(OpType.OK, "poll", List.of(List.of(Keyword.of("poll"))), List.of(List.of(Keyword.of("poll"), byKey)));
    }

    private void op(OpType outcome, String f, Object invokeValue, Object value) {
        long p = process++;
        ops.add(new Op(ops.size(), OpType.INVOKE, p, f, invokeValue, ops.size(), Map.of(), 0));
        ops.add(new Op(ops.size(), outcome, p, f, value, ops.size(), Map.of(), 0));
    }
}
