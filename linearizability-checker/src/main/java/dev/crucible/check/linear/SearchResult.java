package dev.crucible.check.linear;

import dev.crucible.check.model.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one partition's search found.
 *
 * @param verdict valid, invalid or unknown
 * @param reason why unknown (time limit, memory budget), else null
 * @param failing for invalid: the ok operation that could not be linearized (Knossos's :op: the
 *     first one no explored configuration got past)
 * @param states for invalid: model states of the configurations that linearized everything before
 *     it (capped)
 * @param longest the longest partial linearization the search built, in order
 * @param configs configurations cached (a measure of the work done)
 */
public record SearchResult(Verdict verdict, String reason, Operation failing, List<Object> states,
        List<Operation> longest, long configs) {

    static SearchResult valid(long configs) {
        return new SearchResult(Verdict.VALID, null, null, List.of(), List.of(), configs);
    }

    static SearchResult unknown(String reason, long configs) {
        return new SearchResult(Verdict.UNKNOWN, reason, null, List.of(), List.of(), configs);
    }

    static SearchResult invalid(Set<Config> cache, int okCount, int[] longestIds, Operation[] ops) {
        int reached = 0;
        for (Config c : cache) {
            reached = Math.max(reached, c.linearized().contiguous());
        }
        int failingId = Math.min(reached, okCount - 1);
        List<Operation> longest = new ArrayList<>();
        for (int id : longestIds) {
            longest.add(ops[id]);
        }
        return new SearchResult(Verdict.INVALID, null, ops[failingId], Search.statesUpTo(cache, failingId, 10),
                longest, cache.size());
    }
}
