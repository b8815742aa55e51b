package dev.crucible.cli;

import dev.crucible.report.ReportJob;
import dev.crucible.report.ReportOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crucible report}: renders and compares benchmark runs (module reports). */
@Command(
        name = "report",
        sortOptions = false,
        header = "Compare benchmark runs: one offline HTML report, report.md, verdict.json.",
        description = {
            "Runs are grouped by label (bench --label, else target and version); every label is compared with the"
                    + " baseline's: per metric and percentile (p50..p99.99, max) and throughput, a change with its"
                    + " bootstrap interval and a verdict: REGRESSION, IMPROVEMENT, NO CHANGE or INCONCLUSIVE (a run"
                    + " INCOMPLETE or below its rate, or too few samples beyond the percentile). The max is never judged.",
            "Exit status: 0 done, 1 a regression past a --fail-on-regression threshold, 2 bad arguments or a file"
                    + " that cannot be used (no report is made then)."
        })
public final class ReportCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(
            arity = "1..*",
            paramLabel = "INPUT",
            description = {
                "Result directories of 'crucible bench' (or a folder of them), HdrHistogram interval logs (.hlog),"
                        + " percentile files (.hgrm), JMH results (-rf json) or OMB result JSON.",
                "LABEL=PATH puts an input in a group by hand (plain files are labelled by their name)."
            })
    private List<String> inputs;

    @Option(names = "--baseline", paramLabel = "LABEL|PATH",
            description = "The label (or one input of it) the others are compared with (default: the first input's).")
    private String baseline;

    @Option(names = "--out", paramLabel = "DIR|FILE.html",
            description = "Where to write report.html, report.md and verdict.json (default: inside a single run"
                    + " directory, else ./report-TIMESTAMP/).")
    private Path out;

    @Option(names = "--fail-on-regression", paramLabel = "SPEC",
            description = {
                "CI gate: exit 1 when a REGRESSION verdict exceeds a threshold, e.g. p99=+10%%,throughput=-5%%.",
                "Statistics: p50 p90 p99 p99.9 p99.99 (response time; end-to-end.p99, *.p99 for other metrics),"
                        + " throughput, jmh."
            })
    private String failOn;

    @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = ReportOptions.DEFAULT_MIN_EFFECT,
            description = "Smallest change that can be a regression or improvement (default: ${DEFAULT-VALUE}).")
    private String minEffect;

    @Option(names = "--replicates", paramLabel = "N", defaultValue = ReportOptions.DEFAULT_REPLICATES,
            description = "Bootstrap replicates (default: ${DEFAULT-VALUE}).")
    private int replicates;

    @Option(names = "--seed", paramLabel = "N", defaultValue = ReportOptions.DEFAULT_SEED,
            description = "Bootstrap seed: the same inputs and seed give the same report (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--hlog-unit", paramLabel = "UNIT", defaultValue = ReportOptions.DEFAULT_HLOG_UNIT,
            description = "Unit of values in plain .hlog files: ns, us, ms (default: ${DEFAULT-VALUE}).")
    private String hlogUnit;

    @Option(names = "--hgrm-unit", paramLabel = "UNIT", defaultValue = ReportOptions.DEFAULT_HGRM_UNIT,
            description = "Unit of values in .hgrm files: ns, us, ms (default: ${DEFAULT-VALUE}).")
    private String hgrmUnit;

    @Override
    public Integer call() {
        return ReportJob.run(new ReportOptions(inputs, baseline, out, failOn, minEffect, replicates, seed, hlogUnit, hgrmUnit),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
