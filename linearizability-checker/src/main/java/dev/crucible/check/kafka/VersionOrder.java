package dev.crucible.check.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One key's log as the history shows it: offset to the set of values seen there. An index is a
 * position among the offsets that hold something (gaps removed).
 *
 * <p>Where an offset holds several values, the index order keeps the first of them that appears
 * nowhere else in the log (else the first seen), so that as many values as possible get an index;
 * a value at several offsets gets the last of its indexes.
 */
final class VersionOrder {
    private final TreeMap<Long, Set<Object>> log = new TreeMap<>();
    private List<Object> byIndex;
    private Map<Object, Integer> byValue;

    void add(long offset, Object value) {
        log.computeIfAbsent(offset, o -> new LinkedHashSet<>()).add(value);
        byIndex = null;
    }

    /** The raw log: offset to values, in offset order. */
    TreeMap<Long, Set<Object>> log() {
        return log;
    }

    /** One value per index, in log order. */
    List<Object> byIndex() {
        if (byIndex == null) {
            Map<Object, Integer> appearances = new HashMap<>();
            log.values().forEach(vs -> vs.forEach(v -> appearances.merge(v, 1, Integer::sum)));
            byIndex = new ArrayList<>();
            byValue = new HashMap<>();
            for (Set<Object> vs : log.values()) {
                Object pick = vs.stream().filter(v -> appearances.get(v) == 1).findFirst()
                        .orElse(vs.iterator().next());
                byValue.put(pick, byIndex.size());
                byIndex.add(pick);
            }
        }
        return byIndex;
    }

    /** The value's index, or null when it has none. */
    Integer index(Object value) {
        byIndex();
        return byValue.get(value);
    }

    /** The values at the indexes strictly between i1 and i2. */
    List<Object> between(int i1, int i2) {
        return List.copyOf(byIndex().subList(i1 + 1, i2));
    }

    /** Each value's first index in the raw log. */
    Map<Object, Integer> firstIndexes() {
        Map<Object, Integer> first = new LinkedHashMap<>();
        int i = 0;
        for (Set<Object> vs : log.values()) {
            for (Object v : vs) {
                first.putIfAbsent(v, i);
            }
            i++;
        }
        return first;
    }

    /** For each index, the values whose last appearance in the raw log is there. */
    List<Set<Object>> valuesByLastIndex() {
        Map<Object, Integer> last = new LinkedHashMap<>();
        int i = 0;
        for (Set<Object> vs : log.values()) {
            for (Object v : vs) {
                last.put(v, i);
            }
            i++;
        }
        List<Set<Object>> out = new ArrayList<>();
        for (int j = 0; j < log.size(); j++) {
            out.add(new LinkedHashSet<>());
        }
        last.forEach((v, j) -> out.get(j).add(v));
        return out;
    }
}
