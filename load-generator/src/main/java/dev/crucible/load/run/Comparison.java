package dev.crucible.load.run;

import dev.crucible.load.metric.Metric;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side table printed when several targets ran: per target the median over its
 * repetitions of publish throughput and response-time percentiles, and each figure's ratio to the
 * first target.
 */
final class Comparison {
    private Comparison() {}

    static void print(PrintWriter out, List<String> targets, List<List<RunOutcome>> outcomes) {
        out.println();
        out.println("side by side (median of each target's runs; ratio = target / " + targets.get(0) + ")");
        out.printf(Locale.ROOT, "%-28s %14s %10s %10s %10s %10s%n", "target", "publish msg/s", "p50 ms", "p99 ms", "p99.9 ms", "runs ok");
        double[] base = null;
        for (int i = 0; i < targets.size(); i++) {
            double[] f = medians(outcomes.get(i));
            long ok = outcomes.get(i).stream().filter(o -> o.complete() && !o.rateMissed()).count();
            out.printf(Locale.ROOT, "%-28s %14.0f %10.3f %10.3f %10.3f %7d/%d%n", targets.get(i), f[0], f[1], f[2], f[3],
                    ok, outcomes.get(i).size());
            if (base == null) {
                base = f;
            } else {
                out.printf(Locale.ROOT, "%-28s %13.2fx %9.2fx %9.2fx %9.2fx%n", "  ratio to " + targets.get(0),
                        f[0] / base[0], f[1] / base[1], f[2] / base[2], f[3] / base[3]);
            }
        }
    }

    private static double[] medians(List<RunOutcome> runs) {
        double[][] cols = new double[4][runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            RunOutcome o = runs.get(r);
            cols[0][r] = o.publishRate();
            cols[1][r] = o.responseMicros(Metric.RESPONSE, 50) / 1000.0;
            cols[2][r] = o.responseMicros(Metric.RESPONSE, 99) / 1000.0;
            cols[3][r] = o.responseMicros(Metric.RESPONSE, 99.9) / 1000.0;
        }
        double[] out = new double[4];
        for (int c = 0; c < 4; c++) {
            java.util.Arrays.sort(cols[c]);
            int n = cols[c].length;
            out[c] = n % 2 == 1 ? cols[c][n / 2] : (cols[c][n / 2 - 1] + cols[c][n / 2]) / 2;
        }
        return out;
    }
}
