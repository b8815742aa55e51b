package dev.crucible.check.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The shared ground of the anomaly analyses: the parsed completions, the evidence about each
 * message, and every key's version order.
 *
 * <p>A version order is built from the sends of every op that must have committed and from the
 * polls of every op, whatever its outcome: a consumer must never return bad data, even inside a
 * transaction that later aborts.
 *
 * @param ops the completions, in history order
 * @param evidence who wrote and read what
 * @param orders per key, its version order
 */
record Analysis(List<QueueOp> ops, Evidence evidence, Map<Object, VersionOrder> orders) {

    /** Builds the evidence and the version orders of parsed completions. */
    static Analysis of(List<QueueOp> ops) {
        Evidence evidence = new Evidence(ops);
        Map<Object, VersionOrder> orders = new HashMap<>();
        for (QueueOp op : ops) {
            if (evidence.mustHaveCommitted(op)) {
                op.sends().forEach((k, ms) -> add(orders, k, ms));
            }
            op.polls().forEach((k, ms) -> add(orders, k, ms));
        }
        return new Analysis(ops, evidence, orders);
    }

    private static void add(Map<Object, VersionOrder> orders, Object k, List<OffsetValue> ms) {
        for (OffsetValue m : ms) {
            if (m.offset() != null) {
                orders.computeIfAbsent(k, x -> new VersionOrder()).add(m.offset(), m.value());
            }
        }
    }

    /** The key's version order (empty when nothing of it has a known offset). */
    VersionOrder order(Object k) {
        VersionOrder vo = orders.get(k);
        return vo == null ? new VersionOrder() : vo;
    }

    /** The indexes of at most 8 completions that sent or polled a message of k matching test. */
    List<Long> opsWith(Object k, Predicate<OffsetValue> test) {
        List<Long> out = new ArrayList<>();
        for (QueueOp op : ops) {
            boolean hit = op.sends().getOrDefault(k, List.of()).stream().anyMatch(test)
                    || op.polls().getOrDefault(k, List.of()).stream().anyMatch(test);
            if (hit && out.size() < 8) {
                out.add(op.index());
            }
        }
        return out;
    }
}
