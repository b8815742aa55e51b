package dev.crucible.report.stats;

import java.util.Arrays;
import java.util.Locale;

/** Turns a point change, its bootstrap replicates and the A/A noise into a verdict. */
final class Judge {
    private Judge() {}

    /** The [low, high] percentile interval of the replicates at the rules' confidence. */
    static double[] interval(double[] replicates, Rules rules) {
        double[] finite = Arrays.stream(replicates).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double alpha = (1 - rules.confidence()) / 2;
        return new double[] {quantile(finite, alpha), quantile(finite, 1 - alpha)};
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** The verdict for a change already known to be judgeable, and the reason in words. */
    static Object[] verdict(double change, double low, double high, double noise, boolean higherIsBetter, Rules rules) {
        if (!Double.isFinite(change) || !Double.isFinite(low)) {
            return new Object[] {Verdict.INCONCLUSIVE, "no finite estimate"};
        }
        boolean excludesZero = low > 0 || high < 0;
        boolean bigEnough = Math.abs(change) >= rules.minEffect();
        boolean aboveNoise = Double.isNaN(noise) || Math.abs(change) > 2 * noise;
        if (!excludesZero) {
            return new Object[] {Verdict.NO_CHANGE, "interval includes 0"};
        }
        if (!bigEnough) {
            return new Object[] {Verdict.NO_CHANGE, String.format(Locale.ROOT, "|change| < %s minimum effect",
                    Format.percent(rules.minEffect()))};
        }
        if (!aboveNoise) {
            return new Object[] {Verdict.NO_CHANGE, "within 2x A/A noise (" + Format.percent(noise) + ")"};
        }
        boolean better = higherIsBetter ? change > 0 : change < 0;
        String why = "interval excludes 0; |change| >= " + Format.percent(rules.minEffect())
                + (Double.isNaN(noise) ? "" : " and > 2x A/A noise");
        return new Object[] {better ? Verdict.IMPROVEMENT : Verdict.REGRESSION, why};
    }

    /** Mean relative difference over all pairs of values (A/A pairs); NaN when there is no pair. */
    static double pairNoise(double[]... groups) {
        double sum = 0;
        int pairs = 0;
        for (double[] g : groups) {
            for (int i = 0; i < g.length; i++) {
                for (int j = i + 1; j < g.length; j++) {
                    double mean = (g[i] + g[j]) / 2;
                    if (mean > 0) {
                        sum += Math.abs(g[i] - g[j]) / mean;
                        pairs++;
                    }
                }
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }
}
