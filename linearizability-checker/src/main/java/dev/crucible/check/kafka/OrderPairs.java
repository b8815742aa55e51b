package dev.crucible.check.kafka;

import dev.crucible.check.history.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges two messages of a key that should be consecutive in its log: the second must sit at
 * the next index. A larger step skips messages known to exist; a step of 0 or less goes back.
 * When either value has no index, nothing can be said.
 */
final class OrderPairs {
    private OrderPairs() {}

    /**
     * The anomaly for the pair, or null when they are in order.
     *
     * @param skipType the type to report for a skip, or null not to report skips
     * @param backType the type to report for a step back or a repeat
     * @param k the key
     * @param vo its version order
     * @param v1 the earlier value
     * @param v2 the later value
     * @param ops the ops that show it
     * @param extra further details (e.g. "via")
     */
    static Anomaly judge(String skipType, String backType, Object k, VersionOrder vo, Object v1,
            Object v2, List<Long> ops, Map<String, Object> extra) {
        Integer i1 = vo.index(v1);
        Integer i2 = vo.index(v2);
        if (i1 == null || i2 == null) {
            return null;
        }
        long delta = (long) i2 - i1;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("values", List.of(v1, v2));
        details.put("delta", delta);
        String where = "key " + k + ": " + show(v1) + " then " + show(v2);
        if (delta > 1 && skipType != null) {
            List<Object> skipped = vo.between(i1, i2);
            details.put("skipped", skipped);
            details.putAll(extra);
            return new Anomaly(skipType, k, where + " skipped " + show(skipped) + " (delta " + delta + ")",
                    ops, details);
        }
        if (delta < 1) {
            details.putAll(extra);
            return new Anomaly(backType, k, where + " went " + (delta == 0 ? "nowhere" : "backwards")
                    + " (delta " + delta + ")", ops, details);
        }
        return null;
    }

    /** The value as EDN text. */
    static String show(Object v) {
        return Values.show(v);
    }
}
