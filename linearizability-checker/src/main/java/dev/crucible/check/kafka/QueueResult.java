package dev.crucible.check.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a queue check.
 *
 * @param valid whether no bad anomaly was found
 * @param errors every anomaly found, allowed ones included, by type name in name order
 * @param badTypes the types that had at least one bad anomaly, in name order
 * @param stats counts and metrics: "ops" (function to completion type to count), "keys",
 *     "messages-sent-ok", "messages-polled-ok", "unseen" (key to count unseen at the end),
 *     "unseen-series" (after each ok send or poll: "time" and "unseen"), and, when the history
 *     has times, "worst-realtime-lag" ("time", "process", "key", "lag")
 */
public record QueueResult(boolean valid, Map<String, List<Anomaly>> errors, List<String> badTypes,
        Map<String, Object> stats) {
    /** Examples shown per type by {@link #summary()}. */
    public static final int EXAMPLES = 8;

    /** Copies the collections. */
    public QueueResult {
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        badTypes = List.copyOf(badTypes);
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    /** The verdict, then per anomaly type its count and up to {@link #EXAMPLES} examples. */
    public String summary() {
        return summary(EXAMPLES);
    }

    /** The verdict, then per anomaly type its count and up to that many examples. */
    public String summary(int examples) {
        StringBuilder out = new StringBuilder(valid ? "queue check: valid" : "queue check: INVALID");
        if (!badTypes.isEmpty()) {
            out.append(" (bad: ").append(String.join(", ", badTypes)).append(')');
        }
        out.append('\n');
        errors.forEach((type, xs) -> {
            out.append("  ").append(type).append(": ").append(xs.size())
                    .append(badTypes.contains(type) ? " (bad)" : " (allowed)").append('\n');
            xs.stream().limit(examples).forEach(x -> out.append("    ").append(x.description())
                    .append(x.opIndexes().isEmpty() ? "" : " ops " + x.opIndexes()).append('\n'));
            if (xs.size() > examples) {
                out.append("    ... and ").append(xs.size() - examples).append(" more\n");
            }
        });
        out.append("  stats: ops ").append(stats.get("ops")).append(", unseen ")
                .append(stats.get("unseen"));
        if (stats.containsKey("worst-realtime-lag")) {
            out.append(", worst realtime lag ").append(stats.get("worst-realtime-lag"));
        }
        return out.append('\n').toString();
    }
}
