package dev.crucible.check.linear;

import dev.crucible.check.history.Op;
import dev.crucible.check.model.Operation;
import java.util.List;

/**
 * The answer for a whole history.
 *
 * @param verdict valid, invalid or unknown
 * @param reason for unknown: what stopped the search; else null
 * @param operations the operations after preprocessing (all partitions)
 * @param partitions how many independent partitions were searched
 * @param invalid for invalid: the failing partition's result (failing op, states, longest prefix)
 * @param previousOk for invalid: the last ok completion before the failing one in the history
 *     (Knossos's :previous-ok), or null
 * @param configs configurations cached over all partitions
 * @param elapsedNs wall time of the search
 */
public record CheckResult(Verdict verdict, String reason, List<Operation> operations, int partitions,
    SearchResult invalid, Op previousOk, long configs, long elapsedNs) {}
