package dev.crucible.report.stats;

import dev.crucible.report.model.Distribution;
import java.util.List;

/** Factories for distributions that are not interval logs. */
public final class Distributions {
    private Distributions() {}

    /** A histogram given as ascending bucket values (microseconds) and their counts. */
    public static Distribution ofBuckets(List<Long> values, List<Long> counts) {
        return new Counts(values.stream().mapToLong(Long::longValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(),
                "Poisson bootstrap of the whole-run histogram (no intervals: treats samples as independent, so"
                        + " correlated stalls are under-weighted)");
    }
}
