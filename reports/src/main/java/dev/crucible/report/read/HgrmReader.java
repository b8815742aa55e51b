package dev.crucible.report.read;

import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import dev.crucible.report.stats.Distributions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A percentile distribution file ({@code .hgrm}, HdrHistogram's outputPercentileDistribution, as
 * written by HistogramLogProcessor, wrk2 and others): rows of value, percentile, total count. The
 * counts between rows rebuild a coarse histogram; without intervals, its replicates are a Poisson
 * (iid) bootstrap, which understates noise from correlated stalls: the report says so.
 */
final class HgrmReader {
    private static final Pattern ROW = Pattern.compile(
            "\\s*([0-9.eE+-]+)\\s+([0-9.eE+-]+)\\s+([0-9]+)(\\s+([0-9.eE+-]+|Infinity|inf))?\\s*");
    private static final Pattern TOTAL = Pattern.compile(".*Total count\\s*=\\s*([0-9]+).*");

    private HgrmReader() {}

    static Run read(Path file, String label, double toMicros) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new ReportInputException(file, "is missing");
        } catch (IOException e) {
            throw new ReportInputException(file, "cannot be read: " + e.getMessage(), e);
        }
        List<Long> values = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long previous = 0;
        Long claimed = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                claimed = Long.parseLong(total.group(1));
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long cumulative = Long.parseLong(m.group(3));
            if (cumulative < previous) {
                throw new ReportInputException(file, "line " + (i + 1) + ": total count goes down (" + previous + " -> "
                        + cumulative + ")");
            }
            long value = Math.round(Double.parseDouble(m.group(1)) * toMicros);
            if (!values.isEmpty() && values.get(values.size() - 1) == value) {
                counts.set(counts.size() - 1, counts.get(counts.size() - 1) + cumulative - previous);
            } else {
                values.add(value);
                counts.add(cumulative - previous);
            }
            previous = cumulative;
        }
        if (values.isEmpty() || previous == 0) {
            throw new ReportInputException(file, "holds no percentile rows (not an .hgrm percentile distribution?)");
        }
        if (claimed != null && claimed != previous) {
            throw new ReportInputException(file, "rows add up to " + previous + " samples but its trailer says " + claimed
                    + " (truncated?)");
        }
        Map<String, MetricSample> metrics = new LinkedHashMap<>();
        metrics.put("response", new MetricSample("response", "latency (" + file.getFileName() + ")",
                Distributions.ofBuckets(values, counts), List.of()));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("source", file.getFileName() + " (percentile distribution, values read as "
                + Units.name(toMicros) + ")");
        return new Run(file.getFileName().toString(), label, file, "hgrm percentile file", metrics, List.of(), 0,
                List.of(), Validity.unknown(), facts);
    }
}
