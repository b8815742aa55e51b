package dev.crucible.report.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crucible.report.compare.Comparison;
import dev.crucible.report.model.Run;
import dev.crucible.report.stats.Row;
import dev.crucible.report.stats.Verdict;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** verdict.json: the verdict rows and the rules, for machines (CI). */
public final class VerdictJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictJson() {}

    /** The JSON text. */
    public static String render(Comparison comparison) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "crucible-verdict/1");
        root.put("created", comparison.created().toString());
        root.put("baseline", comparison.baseline());
        root.put("overall", overall(comparison.allRows()).text());
        root.put("rules", Map.of("minEffect", comparison.rules().minEffect(), "confidence", comparison.rules().confidence(),
                "replicates", comparison.rules().replicates(), "seed", comparison.rules().seed(),
                "minTailSamples", comparison.rules().minTailSamples()));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Run r : comparison.inputs().runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("label", r.label());
            m.put("source", r.source().toString());
            m.put("complete", r.validity().complete());
            m.put("rateMissed", r.validity().rateMissed());
            runs.add(m);
        }
        root.put("runs", runs);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : comparison.allRows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("candidate", r.candidate());
            m.put("metric", r.metric());
            m.put("statistic", r.statistic());
            m.put("unit", r.unit());
            m.put("baseline", finite(r.baseline()));
            m.put("value", finite(r.value()));
            m.put("change", finite(r.change()));
            m.put("intervalLow", finite(r.low()));
            m.put("intervalHigh", finite(r.high()));
            m.put("aaNoise", finite(r.noise()));
            m.put("verdict", r.verdict().text());
            m.put("reason", r.reason());
            rows.add(m);
        }
        root.put("rows", rows);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** REGRESSION if any row regressed, else IMPROVEMENT if any improved, else NO CHANGE / INCONCLUSIVE. */
    public static Verdict overall(List<Row> rows) {
        if (rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSION)) {
            return Verdict.REGRESSION;
        }
        if (rows.stream().anyMatch(r -> r.verdict() == Verdict.IMPROVEMENT)) {
            return Verdict.IMPROVEMENT;
        }
        if (rows.stream().anyMatch(r -> r.verdict() == Verdict.NO_CHANGE)) {
            return Verdict.NO_CHANGE;
        }
        return Verdict.INCONCLUSIVE;
    }
}
