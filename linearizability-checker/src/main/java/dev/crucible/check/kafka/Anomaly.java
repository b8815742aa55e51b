package dev.crucible.check.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One anomaly the queue checker found.
 *
 * @param type Jepsen's name for it, without the colon ("lost-write", "poll-skip", ...)
 * @param key the key (partition) it concerns, or null when it concerns the whole history
 * @param description one line of text for people
 * @param opIndexes the indexes of the operations that show it, most telling first
 * @param details the facts in data form: "value", "values", "delta", "skipped", "offset",
 *     "offsets", "index", "via" and the like, as each anomaly type documents
 */
public record Anomaly(String type, Object key, String description, List<Long> opIndexes,
        Map<String, Object> details) {

    /** Copies the lists and maps (details may hold nulls, so it is kept in a read-only view). */
    public Anomaly {
        opIndexes = List.copyOf(opIndexes);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
