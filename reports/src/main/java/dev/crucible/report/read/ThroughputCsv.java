package dev.crucible.report.read;

import dev.crucible.report.model.RatePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * throughput.csv of a run directory: one row per second with phase, target rate and acknowledged
 * messages. Columns are found by their header names, so added columns do not break old readers.
 */
final class ThroughputCsv {
    private ThroughputCsv() {}

    static List<RatePoint> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new ReportInputException(file, "is missing (every crucible run writes it)");
        } catch (IOException e) {
            throw new ReportInputException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new ReportInputException(file, "is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int second = column(file, header, "second");
        int phase = column(file, header, "phase");
        int target = column(file, header, "target_msgs_per_s");
        int acked = column(file, header, "acked_msgs");
        List<RatePoint> points = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.size()) {
                throw new ReportInputException(file, "line " + (i + 1) + " has " + cells.length + " fields, the header "
                        + header.size() + " (truncated?)");
            }
            try {
                double t = cells[target].isEmpty() ? Double.NaN : Double.parseDouble(cells[target]);
                points.add(new RatePoint(Double.parseDouble(cells[second]), 1.0, t > 0 ? t : Double.NaN,
                        Double.parseDouble(cells[acked]), cells[phase].equals("test")));
            } catch (NumberFormatException e) {
                throw new ReportInputException(file, "line " + (i + 1) + " has a field that is not a number: " + e.getMessage());
            }
        }
        return points;
    }

    private static int column(Path file, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new ReportInputException(file, "has no column '" + name + "' (header: " + String.join(",", header) + ")");
        }
        return i;
    }
}
