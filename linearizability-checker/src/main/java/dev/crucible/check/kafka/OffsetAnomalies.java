package dev.crucible.check.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The log itself disagrees: an offset holding several values (inconsistent-offsets, details
 * "offset", "index", "values") or a value at several offsets (duplicate, details "value",
 * "count", "offsets").
 */
final class OffsetAnomalies {
    private OffsetAnomalies() {}

    /** Offsets of a key that hold two or more values. */
    static List<Anomaly> inconsistentOffsets(Analysis a) {
        List<Anomaly> out = new ArrayList<>();
        for (Object k : Ordering.sorted(a.orders().keySet())) {
            int index = 0;
            for (Map.Entry<Long, Set<Object>> e : a.order(k).log().entrySet()) {
                if (e.getValue().size() > 1) {
                    long offset = e.getKey();
                    List<Object> values = Ordering.sorted(e.getValue());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("offset", offset);
                    details.put("index", (long) index);
                    details.put("values", values);
                    out.add(new Anomaly("inconsistent-offsets", k, "key " + k + " offset " + offset
                            + " holds " + values.size() + " values: " + OrderPairs.show(values),
                            a.opsWith(k, m -> Objects.equals(m.offset(), offset)), details));
                }
                index++;
            }
        }
        return out;
    }

    /** Values of a key that appear at two or more offsets. */
    static List<Anomaly> duplicates(Analysis a) {
        List<Anomaly> out = new ArrayList<>();
        for (Object k : Ordering.sorted(a.orders().keySet())) {
            Map<Object, List<Long>> offsets = new LinkedHashMap<>();
            a.order(k).log().forEach((offset, vs) ->
                    vs.forEach(v -> offsets.computeIfAbsent(v, x -> new ArrayList<>()).add(offset)));
            for (Object v : Ordering.sorted(offsets.keySet())) {
                List<Long> at = offsets.get(v);
                if (at.size() > 1) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("value", v);
                    details.put("count", (long) at.size());
                    details.put("offsets", List.copyOf(at));
                    out.add(new Anomaly("duplicate", k, "key " + k + ": " + OrderPairs.show(v)
                            + " appears at offsets " + at, a.opsWith(k, m -> Objects.equals(m.value(), v)),
                            details));
                }
            }
        }
        return out;
    }
}
