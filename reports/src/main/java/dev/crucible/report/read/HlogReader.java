package dev.crucible.report.read;

import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.RatePoint;
import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HdrHistogram interval log from any tool: each tag becomes a metric (an untagged log is
 * "response"), every interval counts as measured, and samples per second stand in for throughput.
 */
final class HlogReader {
    private HlogReader() {}

    static Run read(Path file, String label, double toMicros) {
        Map<String, List<HlogFile.Entry>> byTag = HlogFile.read(file);
        Map<String, MetricSample> metrics = new LinkedHashMap<>();
        byTag.forEach((tag, entries) -> {
            String key = tag.isEmpty() ? "response" : tag;
            metrics.put(key, Samples.of(key, key + " (" + file.getFileName() + ")", entries, e -> true, toMicros));
        });
        List<RatePoint> rates = new ArrayList<>();
        for (HlogFile.Entry e : byTag.values().iterator().next()) {
            if (e.lengthSec() > 0) {
                rates.add(new RatePoint(e.startSec(), e.lengthSec(), Double.NaN,
                        e.histogram().getTotalCount() / e.lengthSec(), true));
            }
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("source", file.getFileName() + " (HdrHistogram interval log, values read as " + Units.name(toMicros)
                + "; throughput = samples per second)");
        return new Run(file.getFileName().toString(), label, file, "HdrHistogram interval log", metrics, rates, 0,
                List.of(), Validity.unknown(), facts);
    }
}
