package dev.crucible.report.render;

import dev.crucible.report.compare.Comparison;
import dev.crucible.report.model.JmhRun;
import dev.crucible.report.model.JmhScore;
import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.Run;
import dev.crucible.report.stats.Format;
import dev.crucible.report.stats.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one file that opens offline (inline CSS, charts as inline SVG, no script, no
 * request to any address), readable at laptop width and printable.
 */
public final class HtmlReport {
    static final String CSS = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;
        max-width:1100px;padding:16px 24px;color:#1b1b1b;line-height:1.4}
        h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}
        h3{font-size:1.05em;margin-top:1.2em}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em;width:100%}
        th,td{border:1px solid #d8d8d8;padding:3px 6px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.facts{width:auto}table.facts td:first-child{font-weight:600}
        .REGRESSION{background:#f8d0cc;font-weight:bold}.IMPROVEMENT{background:#cdebd3;font-weight:bold}
        .NO_CHANGE{background:#eeeeee}.INCONCLUSIVE{background:#fbe7b5}.NOT_JUDGED{background:#fafafa;color:#666}
        .bad{background:#f8d0cc}.ok{background:#e6f4e8}
        .overall{display:inline-block;padding:4px 10px;border-radius:4px;margin:.4em 0}
        figure{margin:.8em 0;break-inside:avoid}svg{max-width:100%;height:auto}
        .small{font-size:.85em;color:#555}
        @media print{body{max-width:none;padding:0}h2{break-after:avoid}}
        """;

    private HtmlReport() {}

    /** The whole HTML document. */
    public static String render(Comparison comparison) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " img-src data:\">");
        h.raw("<title>").text(title(comparison)).raw("</title><style>").raw(CSS).raw("</style></head><body>\n");
        h.el("h1", title(comparison));
        h.raw("<p class=\"small\">").text("Made " + comparison.created() + " by crucible report from "
                + comparison.inputs().runs().size() + " run(s)" + (comparison.inputs().jmh().isEmpty() ? ""
                : " and " + comparison.inputs().jmh().size() + " JMH file(s)") + ".").raw("</p>\n");
        if (comparison.compares()) {
            var overall = VerdictJson.overall(comparison.allRows());
            h.raw("<div class=\"overall " + overall.name() + "\">Overall: ").text(overall.text())
                    .text(" (baseline " + comparison.baseline() + ")").raw("</div>\n");
        }
        if (!comparison.inputs().runs().isEmpty()) {
            header(h, comparison);
            validity(h, comparison);
        }
        verdicts(h, comparison);
        if (!comparison.inputs().runs().isEmpty()) {
            charts(h, comparison);
        }
        if (!comparison.inputs().jmh().isEmpty()) {
            jmh(h, comparison);
        }
        h.el("h2", "How the verdict is computed");
        h.raw("<ul>\n");
        Describe.method(comparison).forEach(s -> h.el("li", s));
        h.raw("</ul>\n</body></html>\n");
        return h.toString();
    }

    private static String title(Comparison comparison) {
        if (comparison.groups().size() + comparison.jmhGroups().size() <= 1) {
            return "Crucible report: " + comparison.baseline();
        }
        Map<String, Boolean> labels = new LinkedHashMap<>();
        comparison.groups().keySet().forEach(l -> labels.put(l, true));
        comparison.jmhGroups().keySet().forEach(l -> labels.put(l, true));
        return "Crucible report: " + String.join(" vs ", labels.keySet());
    }

    private static void header(Html h, Comparison comparison) {
        h.el("h2", "What was run");
        List<Run> runs = comparison.inputs().runs();
        Map<String, String> common = new LinkedHashMap<>();
        List<String> varying = new java.util.ArrayList<>();
        runs.get(0).facts().forEach((k, v) -> {
            boolean same = runs.stream().allMatch(r -> java.util.Objects.equals(r.facts().get(k), v));
            if (same && runs.size() > 1) {
                common.put(k, v);
            }
        });
        runs.forEach(r -> r.facts().keySet().stream().filter(k -> !common.containsKey(k) && !varying.contains(k))
                .forEach(varying::add));
        if (!common.isEmpty()) {
            h.raw("<table class=\"facts\">");
            common.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    h.row(false, k, v);
                }
            });
            h.raw("</table>\n");
        }
        h.raw("<table>");
        List<String> head = new java.util.ArrayList<>(List.of("run", "label"));
        head.addAll(varying);
        h.row(true, head.toArray(String[]::new));
        for (Run r : runs) {
            List<String> cells = new java.util.ArrayList<>(List.of(r.id(), Describe.runName(comparison, r)));
            varying.forEach(k -> cells.add(r.facts().getOrDefault(k, "")));
            h.row(false, cells.toArray(String[]::new));
        }
        h.raw("</table>\n");
    }

    private static void validity(Html h, Comparison comparison) {
        h.el("h2", "Validity");
        h.raw("<table>");
        h.row(true, "run", "validity", "rate achieved / target", "send delay p99", "send errors", "lost", "duplicated",
                "out of order", "samples");
        for (Run r : comparison.inputs().runs()) {
            var v = r.validity();
            String word = Describe.validity(r);
            h.raw("<tr><td>").text(Describe.runName(comparison, r)).raw("</td><td class=\"" + (word.equals("OK") ? "ok" : "bad")
                    + "\">").text(word + (v.incompleteReason() == null ? "" : ": " + v.incompleteReason())).raw("</td>");
            for (String cell : List.of(Describe.rate(v), Describe.sendDelayP99(r), Describe.count(v.sendErrors()),
                    Describe.count(v.lost()), Describe.count(v.duplicated()), Describe.count(v.outOfOrder()),
                    String.format(Locale.ROOT, "%,d", Describe.samples(r)))) {
                h.raw("<td class=\"n\">").text(cell).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }

    private static void verdicts(Html h, Comparison comparison) {
        if (comparison.rows().isEmpty()) {
            if (!comparison.inputs().runs().isEmpty()) {
                h.el("h2", "Verdict");
                h.el("p", comparison.groups().size() == 1
                        ? "One label only (" + comparison.baseline() + "): nothing to compare. Give runs of another label (a version,"
                            + " a config) to get a verdict."
                        : "The labels share no metric to compare.");
            }
            return;
        }
        h.el("h2", "Verdict: each candidate against " + comparison.baseline());
        h.raw("<table>");
        h.row(true, "candidate", "metric", "statistic", "baseline", "candidate", "change", "95% interval", "A/A noise",
                "verdict", "why");
        for (Row r : comparison.rows()) {
            verdictRow(h, r);
        }
        h.raw("</table>\n");
    }

    private static void verdictRow(Html h, Row r) {
        h.raw("<tr><td>").text(r.candidate()).raw("</td><td>").text(r.metric()).raw("</td><td>").text(r.statistic())
                .raw("</td><td class=\"n\">").text(Format.value(r.baseline(), r.unit())).raw("</td><td class=\"n\">")
                .text(Format.value(r.value(), r.unit())).raw("</td><td class=\"n\">").text(Format.signedPercent(r.change()))
                .raw("</td><td class=\"n\">").text("[" + Format.signedPercent(r.low()) + ", " + Format.signedPercent(r.high())
                        + "]")
                .raw("</td><td class=\"n\">").text(Format.percent(r.noise())).raw("</td><td class=\"" + r.verdict().name()
                        + "\">").text(r.verdict().text()).raw("</td><td class=\"small\">").text(r.reason()).raw("</td></tr>\n");
    }

    private static void charts(Html h, Comparison comparison) {
        Map<String, String> metrics = new LinkedHashMap<>();
        comparison.inputs().runs().forEach(r -> r.metrics().values().forEach(s -> metrics.putIfAbsent(s.key(), s.title())));
        h.el("h2", "Latency percentile spectra");
        h.el("p class=\"small\"", "x axis in nines: 90%, 99%, 99.9% ... are equally spaced, as HdrHistogram's plotter draws"
                + " it. Each run's whole measured phase (warm-up excluded).");
        metrics.forEach((key, title) -> {
            h.el("h3", title);
            figure(h, Charts.spectrum(comparison, key, Charts.shortName(key)));
            if (comparison.groups().size() > 1) {
                figure(h, Charts.ratio(comparison, key, Charts.shortName(key)));
            }
        });
        if (comparison.groups().size() > 1 || comparison.inputs().runs().size() > 1) {
            h.el("h2", "Repetition spread");
            String first = metrics.keySet().iterator().next();
            figure(h, Charts.spread(comparison, first, Charts.shortName(first), 99, "p99"));
        }
        h.el("h2", "Over time");
        for (Run r : comparison.inputs().runs()) {
            h.el("h3", Describe.runName(comparison, r) + " (" + r.id() + ")");
            MetricSample s = r.metrics().containsKey("response") ? r.metrics().get("response")
                    : r.metrics().values().iterator().next();
            if (!s.intervals().isEmpty()) {
                figure(h, Charts.overTime(comparison, r, s));
            }
            if (!r.rates().isEmpty()) {
                figure(h, Charts.throughput(comparison, r));
            }
        }
    }

    private static void figure(Html h, String svg) {
        h.raw("<figure>").raw(svg).raw("</figure>\n");
    }

    private static void jmh(Html h, Comparison comparison) {
        h.el("h2", "JMH");
        h.raw("<table>");
        h.row(true, "file", "label", "benchmark", "mode", "score ± error");
        for (JmhRun run : comparison.inputs().jmh()) {
            for (JmhScore s : run.scores()) {
                h.raw("<tr><td>").text(run.id()).raw("</td><td>").text(run.label()).raw("</td><td>").text(s.key())
                        .raw("</td><td>").text(s.mode()).raw("</td><td class=\"n\">")
                        .text(Format.sig3(s.score()) + " ± " + Format.sig3(s.error()) + " " + s.unit()).raw("</td></tr>\n");
            }
        }
        h.raw("</table>\n");
        if (!comparison.jmhRows().isEmpty()) {
            h.raw("<table>");
            h.row(true, "candidate", "metric", "benchmark", "baseline", "candidate", "change", "95% interval", "A/A noise",
                    "verdict", "why");
            comparison.jmhRows().forEach(r -> verdictRow(h, r));
            h.raw("</table>\n");
        }
    }
}
