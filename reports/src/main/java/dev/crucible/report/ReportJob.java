package dev.crucible.report;

import dev.crucible.report.compare.Comparison;
import dev.crucible.report.read.Inputs;
import dev.crucible.report.read.ReportInputException;
import dev.crucible.report.read.Units;
import dev.crucible.report.render.VerdictJson;
import dev.crucible.report.stats.Row;
import dev.crucible.report.stats.Rules;
import dev.crucible.report.stats.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What {@code crucible report} does: read, compare, write, print a summary, apply the gate. */
public final class ReportJob {
    /** Exit status when the gate finds a regression past a threshold. */
    public static final int EXIT_REGRESSION = 1;
    /** Exit status for bad arguments or unusable input files. */
    public static final int EXIT_BAD_INPUT = 2;

    /**
     * @param inputs paths or LABEL=PATH
     * @param baseline a label or a path among the inputs, or null for the first input's label
     * @param out a directory or FILE.html, or null for the default
     * @param failOn the gate's thresholds, or null
     * @param rules verdict knobs
     * @param hlogToMicros unit of plain .hlog files
     * @param hgrmToMicros unit of .hgrm files
     */
    public record Settings(List<String> inputs, String baseline, Path out, String failOn, Rules rules,
            double hlogToMicros, double hgrmToMicros) {}

    private ReportJob() {}

    /**
     * Checks the options as typed, then runs the job; a bad option prints why and returns
     * {@link #EXIT_BAD_INPUT} before anything is read.
     */
    public static int run(ReportOptions options, PrintWriter out, PrintWriter err) {
        Settings settings;
        try {
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            err.println("crucible report: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        return run(settings, out, err);
    }

    /** Runs the job; returns the exit status (0, 1 gate failed, 2 bad input). */
    public static int run(Settings s, PrintWriter out, PrintWriter err) {
        Gate gate;
        Comparison report;
        try {
            gate = s.failOn() == null ? null : Gate.parse(s.failOn());
            report = Comparison.of(Inputs.read(s.inputs(), s.hlogToMicros(), s.hgrmToMicros()), s.baseline(), s.rules());
        } catch (ReportInputException | IllegalArgumentException e) {
            err.println("crucible report: " + e.getMessage() + "; no report was made");
            return EXIT_BAD_INPUT;
        }
        ReportFiles.Written w;
        try {
            w = ReportFiles.write(report, s.out() != null ? s.out() : defaultOut(report));
        } catch (IOException e) {
            err.println("crucible report: cannot write the report: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        summary(report, w, out);
        if (gate != null) {
            List<String> bad = gate.offending(report.allRows());
            if (!bad.isEmpty()) {
                out.println("FAILED --fail-on-regression " + s.failOn() + ":");
                bad.forEach(b -> out.println("  " + b));
                out.flush();
                return EXIT_REGRESSION;
            }
            out.println("passed --fail-on-regression " + s.failOn());
        }
        out.flush();
        return 0;
    }

    /** A single run directory: inside it; otherwise report-TIMESTAMP in the working directory. */
    static Path defaultOut(Comparison report) {
        if (report.inputs().runs().size() == 1 && report.inputs().jmh().isEmpty()
                && Files.isDirectory(report.inputs().runs().get(0).source())) {
            return report.inputs().runs().get(0).source();
        }
        return Path.of("report-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private static void summary(Comparison report, ReportFiles.Written w, PrintWriter out) {
        if (report.compares()) {
            Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
            report.allRows().forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
            StringBuilder tally = new StringBuilder();
            counts.forEach((v, n) -> tally.append(tally.length() == 0 ? "" : ", ").append(n).append(' ')
                    .append(v.text().toLowerCase(java.util.Locale.ROOT)));
            out.println("verdict     " + VerdictJson.overall(report.allRows()).text() + " against " + report.baseline()
                    + " (" + tally + " rows)");
            for (Row r : report.allRows()) {
                if (r.verdict() == Verdict.REGRESSION || r.verdict() == Verdict.IMPROVEMENT) {
                    out.printf("  %-12s %s %s %s: %s -> %s (%s)%n", r.verdict().text(), r.candidate(), r.metric(), r.statistic(),
                            dev.crucible.report.stats.Format.value(r.baseline(), r.unit()),
                            dev.crucible.report.stats.Format.value(r.value(), r.unit()),
                            dev.crucible.report.stats.Format.signedPercent(r.change()));
                }
            }
        } else {
            out.println("verdict     none: one label only (" + report.baseline() + ")");
        }
        out.println("report      " + w.html().toAbsolutePath());
        out.println("markdown    " + w.markdown().toAbsolutePath());
        out.println("verdict     " + w.verdict().toAbsolutePath());
    }

    /** For bench: a report of these run directories into {@code out}; returns the HTML path. */
    public static Path write(List<Path> runDirs, Path out) throws IOException {
        List<String> args = runDirs.stream().map(Path::toString).toList();
        Inputs inputs = Inputs.read(args, Units.toMicros(ReportOptions.DEFAULT_HLOG_UNIT), Units.toMicros(ReportOptions.DEFAULT_HGRM_UNIT));
        return ReportFiles.write(Comparison.of(inputs, null, Rules.defaults()), out).html();
    }
}
