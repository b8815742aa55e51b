package dev.crucible.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crucible.report.chart.Axis;
import dev.crucible.report.chart.Band;
import dev.crucible.report.chart.Chart;
import dev.crucible.report.chart.Series;
import dev.crucible.report.chart.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The page of one chaos run: verdict, anomalies with examples, the fault timeline with each probe's
 * evidence, and operations and latency over time with the fault windows shaded.
 */
public final class ChaosPage {
    private static final String FAULT = "#d55e00";

    private ChaosPage() {}

    /**
     * @param ops ops.csv rows: second, then {@code columns} counts
     * @param send one histogram per second of acknowledged-send latency (us)
     * @param poll likewise for polls
     */
    public static String render(JsonNode run, JsonNode verdict, JsonNode timeline, List<String> columns,
            List<long[]> ops, List<Histogram> send, List<Histogram> poll) {
        Html h = new Html();
        boolean valid = verdict.path("valid").asBoolean(false);
        String title = "Chaos run: " + run.path("target").path("kind").asText() + " "
                + run.path("target").path("version").asText()
                + (run.path("target").path("broken").isTextual() ? " (BROKEN mode " + run.path("target").path("broken").asText() + ")" : "");
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " img-src data:\">");
        h.raw("<title>").text(title).raw("</title><style>").raw(HtmlReport.CSS).raw("</style></head><body>\n");
        h.el("h1", title);
        h.raw("<div class=\"overall " + (valid ? "IMPROVEMENT" : "REGRESSION") + "\">")
                .text(valid ? "VALID: no anomaly the checker treats as bad" : "INVALID: " + String.join(", ",
                        texts(verdict.path("badTypes"))) + (verdict.path("garbage").path("count").asLong() > 0 ? " garbage" : "")
                        + (verdict.path("target").path("healthy").asBoolean(true) ? ""
                                : " target " + verdict.path("target").path("verdict").asText()))
                .raw("</div>\n");
        h.raw("<table>\n");
        JsonNode s = run.path("settings");
        h.row(false, "settings", "time " + s.path("time").asText() + ", nemeses " + texts(s.path("nemeses"))
                + ", interval " + s.path("interval").asText() + ", seed " + s.path("seed").asText() + ", keys "
                + s.path("keys").asText() + ", producers " + s.path("producers").asText() + ", assigners "
                + s.path("assigners").asText() + ", members " + s.path("members").asText() + ", rate " + s.path("rate").asText());
        h.row(false, "target", run.path("target").toString());
        h.row(false, "operations", run.path("counts").toString() + ", " + run.path("events").asText() + " history events");
        h.row(false, "final read", run.path("finalRead").asText());
        JsonNode target = verdict.path("target");
        if (!target.isMissingNode()) {
            List<String> lines = new ArrayList<>(texts(target.path("crashes")));
            lines.addAll(texts(target.path("unanswered")));
            h.row(false, "target", target.path("verdict").asText() + " (" + target.path("checks").asText()
                    + " liveness checks)" + (lines.isEmpty() ? "" : "\n" + String.join("\n", lines)));
        }
        h.row(false, "git revision", run.path("gitRevision").asText());
        h.raw("</table>\n");

        h.el("h2", "Anomalies");
        JsonNode anomalies = verdict.path("anomalies");
        if (anomalies.size() == 0 && verdict.path("garbage").path("count").asLong() == 0) {
            h.el("p", "None found.");
        } else {
            h.raw("<table>\n").row(true, "type", "count", "verdict", "examples (history op indexes)");
            for (Map.Entry<String, JsonNode> e : iterable(anomalies)) {
                StringBuilder ex = new StringBuilder();
                for (JsonNode x : e.getValue().path("examples")) {
                    ex.append(x.path("description").asText()).append(" ops ").append(x.path("ops")).append('\n');
                }
                h.row(false, e.getKey(), e.getValue().path("count").asText(),
                        e.getValue().path("bad").asBoolean() ? "bad" : "allowed", ex.toString().trim());
            }
            JsonNode g = verdict.path("garbage");
            if (g.path("count").asLong() > 0) {
                h.row(false, "garbage", g.path("count").asText(), "bad", String.join("\n", texts(g.path("examples"))));
            }
            h.raw("</table>\n");
        }

        h.el("h2", "Faults");
        h.raw("<table>\n").row(true, "fault", "from s", "to s", "what was done", "probe at start", "probe after heal");
        for (JsonNode f : timeline.path("faults")) {
            h.row(false, f.path("name").asText(), f.path("fromSec").asText(), f.path("toSec").asText(),
                    f.path("fault").asText(), f.path("probe").asText(), f.path("healed").asText());
        }
        h.raw("</table>\n");
        for (JsonNode e : timeline.path("errors")) {
            h.el("p", "nemesis error: " + e.asText());
        }

        List<double[]> bands = new ArrayList<>();
        List<String> bandNames = new ArrayList<>();
        for (JsonNode f : timeline.path("faults")) {
            bands.add(new double[] {f.path("fromSec").asDouble(), f.path("toSec").asDouble()});
            bandNames.add(f.path("name").asText());
        }
        h.el("h2", "Over time");
        Chart c = Chart.of("operations per second", Axis.linear("time since clients started", "s"),
                Axis.linear("operations", "ops/s").withMin(0));
        double[] xs = ops.stream().mapToDouble(r -> r[0]).toArray();
        for (int i = 0; i < columns.size(); i++) {
            int col = i + 1;
            double[] ys = ops.stream().mapToDouble(r -> r.length > col ? r[col] : 0).toArray();
            if (java.util.Arrays.stream(ys).anyMatch(y -> y > 0) && !columns.get(i).equals("records_polled")) {
                c.add(new Series(columns.get(i).replace('_', ' '), xs, ys, Style.STEP, null));
            }
        }
        shade(c, bands, bandNames);
        h.raw("<div class=\"chart\">").raw(c.svg()).raw("</div>\n");
        for (Object[] m : new Object[][] {{"acknowledged send latency", send}, {"poll latency", poll}}) {
            @SuppressWarnings("unchecked")
            List<Histogram> hs = (List<Histogram>) m[1];
            Chart l = Chart.of(m[0] + " per second", Axis.linear("time since clients started", "s"),
                    Axis.log((String) m[0], "ms"));
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < hs.size(); i++) {
                Histogram x = hs.get(i);
                if (x.getTotalCount() > 0) {
                    pts.add(new double[] {i, Math.max(0.001, x.getValueAtPercentile(50) / 1000.0),
                            Math.max(0.001, x.getValueAtPercentile(99) / 1000.0), Math.max(0.001, x.getMaxValue() / 1000.0)});
                }
            }
            if (pts.isEmpty()) {
                continue;
            }
            double[] lx = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] p50 = pts.stream().mapToDouble(p -> p[1]).toArray();
            double[] p99 = pts.stream().mapToDouble(p -> p[2]).toArray();
            double[] max = pts.stream().mapToDouble(p -> p[3]).toArray();
            l.add(new Series("p50", lx, p50, Style.STEP, null));
            l.add(new Series("p99", lx, p99, Style.STEP, null));
            l.add(new Series("max", lx, max, Style.STEP, null));
            shade(l, bands, bandNames);
            h.raw("<div class=\"chart\">").raw(l.svg()).raw("</div>\n");
        }
        h.el("h2", "Reading this page");
        h.el("p", "Producers send unique values (acks=all, idempotent) and record each send as invoke, then ok with"
                + " its offset, fail when it certainly did not happen, or info when it cannot be known. Consumers record"
                + " every poll. After the faults are healed a final read takes every partition to its end. The checker"
                + " then looks for Jepsen's Kafka queue anomalies: lost-write (an acknowledged message below what"
                + " readers saw, never read), unseen (acknowledged, never read at all), duplicate, inconsistent-offsets,"
                + " poll-skip, nonmonotonic-poll/send and their in-op forms. Garbage is a record no producer wrote."
                + " history.jsonl holds every event; op indexes above point into it.");
        h.raw("</body></html>\n");
        return h.toString();
    }

    private static void shade(Chart c, List<double[]> bands, List<String> names) {
        for (int i = 0; i < bands.size(); i++) {
            double to = bands.get(i)[1] < 0 ? bands.get(i)[0] + 1 : bands.get(i)[1];
            c.band(new Band(bands.get(i)[0], to, names.get(i), FAULT));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object.properties();
    }
}
