package dev.crucible.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crucible.report.model.JmhRun;
import dev.crucible.report.model.JmhScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads JMH's JSON result format (an array of benchmark results). */
final class JmhReader {
    private JmhReader() {}

    static boolean looksLikeJmh(JsonNode root) {
        return root.isArray() && root.size() > 0 && root.get(0).has("benchmark") && root.get(0).has("primaryMetric");
    }

    static JmhRun read(Path file, JsonNode root, String label) {
        List<JmhScore> scores = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode b = root.get(i);
            JsonNode pm = b.get("primaryMetric");
            if (!b.hasNonNull("benchmark") || pm == null || !pm.path("score").isNumber()) {
                throw new ReportInputException(file, "entry " + i + " has no benchmark name or primaryMetric.score");
            }
            scores.add(new JmhScore(key(b), b.path("mode").asText("?"), pm.path("scoreUnit").asText(""),
                    pm.get("score").asDouble(), pm.path("scoreError").isNumber() ? pm.get("scoreError").asDouble() : Double.NaN,
                    raw(file, i, pm.get("rawData"))));
        }
        return new JmhRun(file.getFileName().toString(), label, file, scores);
    }

    private static String key(JsonNode b) {
        String name = b.get("benchmark").asText();
        int cls = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
        StringBuilder k = new StringBuilder(cls >= 0 ? name.substring(cls + 1) : name);
        JsonNode params = b.get("params");
        if (params != null && params.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            params.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
            sorted.forEach((p, v) -> k.append(' ').append(p).append('=').append(v));
        }
        return k.toString();
    }

    private static double[][] raw(Path file, int entry, JsonNode data) {
        if (data == null || !data.isArray()) {
            return new double[0][];
        }
        double[][] raw = new double[data.size()][];
        for (int f = 0; f < raw.length; f++) {
            JsonNode fork = data.get(f);
            raw[f] = new double[fork.size()];
            for (int i = 0; i < raw[f].length; i++) {
                if (!fork.get(i).isNumber()) {
                    throw new ReportInputException(file, "entry " + entry + " rawData[" + f + "][" + i + "] is not a number");
                }
                raw[f][i] = fork.get(i).asDouble();
            }
        }
        return raw;
    }
}
