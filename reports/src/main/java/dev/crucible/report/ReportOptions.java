package dev.crucible.report;

import dev.crucible.report.read.Units;
import dev.crucible.report.stats.Rules;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code crucible report} was asked, as typed: its option values before they are checked, the defaults
 * the command line declares, and {@link #settings()}, which checks them into {@link ReportJob.Settings}. An
 * error names the option and what it accepts.
 *
 * @param inputs     paths or LABEL=PATH
 * @param baseline   a label or a path among the inputs, or null for the first input's label
 * @param out        a directory or FILE.html, or null for the default
 * @param failOn     the gate's thresholds as written, or null
 * @param minEffect  the smallest change that counts: a percentage ("5%") or a fraction ("0.05")
 * @param replicates bootstrap replicates, at least {@link #MIN_REPLICATES}
 * @param seed       bootstrap seed
 * @param hlogUnit   unit of plain .hlog files: ns, us, ms or s
 * @param hgrmUnit   unit of .hgrm files: ns, us, ms or s
 */
public record ReportOptions(List<String> inputs, String baseline, Path out, String failOn, String minEffect,
        int replicates, long seed, String hlogUnit, String hgrmUnit) {

    /** Default of {@code --min-effect}, as the command line shows it. */
    public static final String DEFAULT_MIN_EFFECT = "5%";
    /** Default of {@code --replicates}. */
    public static final String DEFAULT_REPLICATES = "500";
    /** Default of {@code --seed}. */
    public static final String DEFAULT_SEED = "1";
    /** Default of {@code --hlog-unit}: what bench writes. */
    public static final String DEFAULT_HLOG_UNIT = "us";
    /** Default of {@code --hgrm-unit}: what HdrHistogram's percentile output uses. */
    public static final String DEFAULT_HGRM_UNIT = "ms";
    /** Fewer bootstrap replicates than this give intervals too coarse to judge by. */
    public static final int MIN_REPLICATES = 50;

    /** The checked settings; IllegalArgumentException says which option is wrong and why. */
    public ReportJob.Settings settings() {
        double effect = fraction(minEffect);
        if (replicates < MIN_REPLICATES) {
            throw new IllegalArgumentException("--replicates must be at least " + MIN_REPLICATES);
        }
        Rules rules = Rules.of(effect, replicates, seed);
        return new ReportJob.Settings(inputs, baseline, out, failOn, rules, Units.toMicros(hlogUnit),
                Units.toMicros(hgrmUnit));
    }

    /** "5%" or "0.05" as 0.05; at least 0 and below 1. */
    private static double fraction(String text) {
        String t = text.trim();
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
            if (v < 0 || v >= 1) {
                throw new IllegalArgumentException("--min-effect must be between 0% and 100%, not " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--min-effect: '" + text + "' is not a percentage (e.g. 5%)");
        }
    }
}
