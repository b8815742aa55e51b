package dev.crucible.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crucible.report.model.Fault;
import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a result directory written by {@code crucible bench}: run.json, the interval logs and
 * throughput.csv. Bench records only messages intended in the measured phase (a late ack lands in
 * a drain interval), so a log's whole content is the measured sample; its count must equal
 * run.json's count for that metric, so a truncated or mismatched log is refused rather than
 * reported from.
 */
final class RunDirReader {
    /** Metric key, log file, title: the files DESIGN.md's result directory defines. */
    static final String[][] METRICS = {
            {"response", "publish.hlog", "response time (intended send -> ack)"},
            {"service", "publish-service.hlog", "service time (actual send -> ack)"},
            {"send-delay", "send-delay.hlog", "send delay (intended -> actual send)"},
            {"end-to-end", "end-to-end.hlog", "end-to-end (intended send -> consumer receipt)"},
    };

    private RunDirReader() {}

    static Run read(Path dir, String labelOverride) {
        Path runJson = dir.resolve("run.json");
        JsonNode root = Json.read(runJson);
        String format = Json.text(root, "format");
        if (format == null || !format.startsWith("crucible-run/")) {
            throw new ReportInputException(runJson, "is not a crucible run.json (format is " + format + ")");
        }
        JsonNode phases = Json.at(root, "phases");
        Map<String, MetricSample> metrics = new LinkedHashMap<>();
        for (String[] m : METRICS) {
            Path log = dir.resolve(m[1]);
            if (!Files.exists(log)) {
                if (m[0].equals("response")) {
                    throw new ReportInputException(log, "is missing (every crucible run writes it)");
                }
                continue;
            }
            List<HlogFile.Entry> entries = HlogFile.read(log).values().stream().findFirst().orElseThrow();
            MetricSample s = Samples.of(m[0], m[2], entries, e -> true, 1.0);
            JsonNode claimed = Json.at(root, "summary.latencyMicros." + m[0] + ".count");
            if (claimed != null && claimed.asLong() != s.distribution().count()) {
                throw new ReportInputException(log, "holds " + s.distribution().count() + " samples in the measured phase but"
                        + " run.json says " + claimed.asLong() + " (truncated, or from another run?)");
            }
            metrics.put(m[0], s);
        }
        String label = labelOverride != null ? labelOverride : labelOf(root);
        double warmup = phases != null && phases.has("warmupSeconds") ? phases.get("warmupSeconds").asDouble() : 0;
        return new Run(dir.getFileName().toString(), label, dir, "crucible run directory", metrics,
                ThroughputCsv.read(dir.resolve("throughput.csv")), warmup, faults(root), validity(root), facts(root));
    }

    private static String labelOf(JsonNode root) {
        String label = Json.text(root, "label");
        if (label != null && !label.isBlank()) {
            return label;
        }
        return Json.text(root, "target.kind") + ":" + Json.text(root, "target.version");
    }

    private static List<Fault> faults(JsonNode root) {
        List<Fault> faults = new ArrayList<>();
        JsonNode fs = Json.at(root, "faults");
        if (fs != null && fs.isArray()) {
            for (JsonNode f : fs) {
                faults.add(new Fault(f.path("name").asText("fault"), f.path("fromSec").asDouble(), f.path("toSec").asDouble()));
            }
        }
        return faults;
    }

    private static Validity validity(JsonNode root) {
        JsonNode target = Json.at(root, "rate.targetMsgsPerSec");
        return new Validity(!"INCOMPLETE".equals(Json.text(root, "status")), Json.text(root, "incompleteReason"),
                Json.at(root, "rate.missed") != null && Json.at(root, "rate.missed").asBoolean(),
                target != null && target.isNumber() ? target.asDouble() : null,
                optDouble(root, "summary.throughput.publishMsgsPerSec"),
                optLong(root, "summary.throughput.sendErrors"), optLong(root, "sequences.totals.lost"),
                optLong(root, "sequences.totals.duplicated"), optLong(root, "sequences.totals.outOfOrder"));
    }

    private static Double optDouble(JsonNode root, String path) {
        JsonNode n = Json.at(root, path);
        return n != null && n.isNumber() ? n.asDouble() : null;
    }

    private static Long optLong(JsonNode root, String path) {
        JsonNode n = Json.at(root, path);
        return n != null && n.isNumber() ? n.asLong() : null;
    }

    private static Map<String, String> facts(JsonNode root) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("workload", join(Json.text(root, "workload.values.name"), Json.text(root, "workload.file"),
                shortSha(Json.text(root, "workload.sha256"))));
        f.put("driver", join(Json.text(root, "driver.file"), shortSha(Json.text(root, "driver.sha256"))));
        f.put("target", join(Json.text(root, "target.kind"), Json.text(root, "target.version")));
        f.put("git revision", shortSha(Json.text(root, "crucible.gitRevision")));
        f.put("start", Json.text(root, "start"));
        f.put("machine", join(Json.text(root, "machine.host"), Json.text(root, "machine.cpuModel"),
                Json.text(root, "machine.cores") == null ? null : Json.text(root, "machine.cores") + " cores",
                Json.text(root, "machine.java")));
        f.put("status", join(Json.text(root, "status"), Json.text(root, "incompleteReason")));
        JsonNode cpu = Json.at(root, "cpu.targetCpuSecondsPerGBProduced");
        if (cpu != null && cpu.isNumber()) {
            f.put("broker CPU", String.format(java.util.Locale.ROOT, "%.1f CPU-s per GB produced", cpu.asDouble()));
        }
        return f;
    }

    private static String shortSha(String sha) {
        return sha == null ? null : sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank() && !p.equals("null")) {
                b.append(b.length() == 0 ? "" : " · ").append(p);
            }
        }
        return b.toString();
    }
}
