package dev.crucible.report.stats;

import dev.crucible.report.model.RatePoint;
import dev.crucible.report.model.Run;
import java.util.List;
import java.util.SplittableRandom;

/** Bootstrap replicates of a group's mean measured throughput (circular blocks of seconds). */
final class Rates {
    private Rates() {}

    static double replicate(List<Run> runs, SplittableRandom random) {
        double sum = 0;
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.size() == 1 ? runs.get(0) : runs.get(random.nextInt(runs.size()));
            sum += one(run, random);
        }
        return sum / runs.size();
    }

    private static double one(Run run, SplittableRandom random) {
        double[] v = run.rates().stream().filter(RatePoint::measured).mapToDouble(RatePoint::achievedPerSec).toArray();
        int n = v.length;
        int block = Math.max(1, (int) Math.round(Math.cbrt(n)));
        double sum = 0;
        int filled = 0;
        while (filled < n) {
            int start = random.nextInt(n);
            for (int k = 0; k < block && filled < n; k++) {
                sum += v[(start + k) % n];
                filled++;
            }
        }
        return sum / n;
    }
}
