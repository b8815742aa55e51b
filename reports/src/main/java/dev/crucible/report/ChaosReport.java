package dev.crucible.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.report.render.ChaosPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * report.html of a chaos run directory (run.json of kind "chaos", verdict.json, timeline.json,
 * ops.csv, send.hlog, poll.hlog), read from files only.
 */
public final class ChaosReport {
    private ChaosReport() {}

    /** Whether {@code dir} holds a chaos run. */
    public static boolean isChaosRun(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve("verdict.json"))
                    && "chaos".equals(new ObjectMapper().readTree(dir.resolve("run.json").toFile()).path("kind").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes {@code dir/report.html} and returns its path; IOException names the unusable file. */
    public static Path write(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode run = read(json, dir.resolve("run.json"));
        JsonNode verdict = read(json, dir.resolve("verdict.json"));
        JsonNode timeline = read(json, dir.resolve("timeline.json"));
        List<String> lines = Files.readAllLines(dir.resolve("ops.csv"), StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(dir.resolve("ops.csv") + ": empty; no report was made");
        }
        List<String> columns = Arrays.asList(lines.get(0).split(",")).subList(1, lines.get(0).split(",").length);
        List<long[]> ops = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            try {
                ops.add(Arrays.stream(lines.get(i).split(",")).mapToLong(Long::parseLong).toArray());
            } catch (NumberFormatException e) {
                throw new IOException(dir.resolve("ops.csv") + ": line " + (i + 1) + " is not numbers; no report was made");
            }
        }
        String html = ChaosPage.render(run, verdict, timeline, columns, ops, hlog(dir.resolve("send.hlog")),
                hlog(dir.resolve("poll.hlog")));
        Path out = dir.resolve("report.html");
        Files.writeString(out, html, StandardCharsets.UTF_8);
        return out;
    }

    private static JsonNode read(ObjectMapper json, Path file) throws IOException {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage() + "; no report was made", e);
        }
    }

    private static List<Histogram> hlog(Path file) throws IOException {
        List<Histogram> out = new ArrayList<>();
        try {
            HistogramLogReader r = new HistogramLogReader(file.toFile());
            EncodableHistogram h;
            while ((h = r.nextIntervalHistogram()) != null) {
                if (h instanceof Histogram histogram) {
                    out.add(histogram);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": interval " + out.size() + " unreadable (" + e + "); no report was made", e);
        }
        return out;
    }
}
