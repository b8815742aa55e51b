package dev.crucible.report.stats;

import dev.crucible.report.model.JmhRun;
import dev.crucible.report.model.JmhScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Compares JMH results benchmark by benchmark with the same rules as runs: a group's score is the
 * mean over its files; replicates draw files (when repeated), then forks, then iterations within a
 * fork, with replacement; A/A noise comes from files of one label.
 */
public final class JmhComparison {
    private JmhComparison() {}

    /** One row per benchmark present on both sides. */
    public static List<Row> compare(String candidate, List<JmhRun> base, List<JmhRun> cand, Rules rules) {
        SplittableRandom random = new SplittableRandom(rules.seed());
        List<Row> rows = new ArrayList<>();
        Map<String, List<JmhScore>> b = byKey(base);
        Map<String, List<JmhScore>> c = byKey(cand);
        for (Map.Entry<String, List<JmhScore>> e : b.entrySet()) {
            List<JmhScore> cs = c.get(e.getKey());
            if (cs == null || e.getValue().size() < base.size() || cs.size() < cand.size()) {
                continue;
            }
            rows.add(row(candidate, e.getKey(), e.getValue(), cs, rules, random));
        }
        return rows;
    }

    private static Map<String, List<JmhScore>> byKey(List<JmhRun> runs) {
        Map<String, List<JmhScore>> m = new LinkedHashMap<>();
        runs.forEach(r -> r.scores().forEach(s -> m.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s)));
        return m;
    }

    private static Row row(String candidate, String key, List<JmhScore> b, List<JmhScore> c, Rules rules,
            SplittableRandom random) {
        JmhScore first = b.get(0);
        double[] bScores = b.stream().mapToDouble(JmhScore::score).toArray();
        double[] cScores = c.stream().mapToDouble(JmhScore::score).toArray();
        double bv = java.util.Arrays.stream(bScores).average().orElse(Double.NaN);
        double cv = java.util.Arrays.stream(cScores).average().orElse(Double.NaN);
        double change = cv / bv - 1;
        double[] changes = new double[rules.replicates()];
        for (int k = 0; k < changes.length; k++) {
            changes[k] = replicate(c, random) / replicate(b, random) - 1;
        }
        double[] ci = Judge.interval(changes, rules);
        double noise = Judge.pairNoise(bScores, cScores);
        Object[] v;
        boolean sameUnit = b.stream().allMatch(s -> s.unit().equals(first.unit()) && s.mode().equals(first.mode()))
                && c.stream().allMatch(s -> s.unit().equals(first.unit()) && s.mode().equals(first.mode()));
        if (!sameUnit) {
            v = new Object[] {Verdict.INCONCLUSIVE, "modes or units differ between the files"};
        } else if (samples(b) < 2 || samples(c) < 2) {
            v = new Object[] {Verdict.INCONCLUSIVE, "fewer than 2 measurement iterations on a side"};
        } else {
            v = Judge.verdict(change, ci[0], ci[1], noise, first.higherIsBetter(), rules);
        }
        return new Row(candidate, "jmh", key, first.unit(), bv, cv, change, ci[0], ci[1], noise, first.higherIsBetter(),
                (Verdict) v[0], (String) v[1]);
    }

    private static int samples(List<JmhScore> scores) {
        int n = Integer.MAX_VALUE;
        for (JmhScore s : scores) {
            int k = 0;
            for (double[] fork : s.raw()) {
                k += fork.length;
            }
            n = Math.min(n, k);
        }
        return n;
    }

    private static double replicate(List<JmhScore> scores, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < scores.size(); i++) {
            JmhScore s = scores.size() == 1 ? scores.get(0) : scores.get(random.nextInt(scores.size()));
            sum += one(s, random);
        }
        return sum / scores.size();
    }

    private static double one(JmhScore s, SplittableRandom random) {
        double[][] raw = s.raw();
        if (raw.length == 0) {
            return s.score();
        }
        double sum = 0;
        int n = 0;
        for (int f = 0; f < raw.length; f++) {
            double[] fork = raw[random.nextInt(raw.length)];
            for (int i = 0; i < fork.length; i++) {
                sum += fork[random.nextInt(fork.length)];
                n++;
            }
        }
        return n == 0 ? s.score() : sum / n;
    }
}
