package dev.crucible.report.read;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * An HdrHistogram interval log ({@code HistogramLogWriter} format) read whole: per tag, the
 * interval histograms in order with their start (seconds since the log's start) and length.
 */
final class HlogFile {
    /** One interval: its histogram and where it sits in time. */
    record Entry(double startSec, double lengthSec, Histogram histogram) {}

    private HlogFile() {}

    /** Logs without a start time carry absolute timestamps: shift them to the first interval's start. */
    private static Map<String, List<Entry>> relative(Map<String, List<Entry>> byTag) {
        double first = byTag.values().stream().flatMap(List::stream).mapToDouble(Entry::startSec).min().orElse(0);
        if (first < 365 * 86400.0) {
            return byTag;
        }
        Map<String, List<Entry>> shifted = new LinkedHashMap<>();
        byTag.forEach((tag, es) -> shifted.put(tag, es.stream()
                .map(e -> new Entry(e.startSec() - first, e.lengthSec(), e.histogram())).toList()));
        return shifted;
    }

    /** Tag (or "" for untagged) to its intervals, in file order. Errors name the file and interval. */
    static Map<String, List<Entry>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file, "is missing");
        }
        Map<String, List<Entry>> byTag = new LinkedHashMap<>();
        int n = 0;
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            while (true) {
                EncodableHistogram h;
                try {
                    h = reader.nextIntervalHistogram();
                } catch (RuntimeException e) {
                    throw new ReportInputException(file, "interval " + (n + 1) + " is truncated or corrupt (" + e + ")", e);
                }
                if (h == null) {
                    break;
                }
                if (!(h instanceof Histogram histogram)) {
                    throw new ReportInputException(file, "interval " + (n + 1) + " is a " + h.getClass().getSimpleName()
                            + "; only integer histograms are read");
                }
                n++;
                double base = reader.getStartTimeSec();
                double start = h.getStartTimeStamp() / 1000.0 - base;
                double length = (h.getEndTimeStamp() - h.getStartTimeStamp()) / 1000.0;
                String tag = h.getTag() == null ? "" : h.getTag();
                byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Entry(start, length, histogram));
            }
        } catch (FileNotFoundException e) {
            throw new ReportInputException(file, "is missing");
        }
        if (n == 0) {
            throw new ReportInputException(file, "holds no interval histogram (not an HdrHistogram interval log?)");
        }
        return relative(byTag);
    }
}
