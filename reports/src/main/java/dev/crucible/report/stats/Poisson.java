package dev.crucible.report.stats;

import java.util.SplittableRandom;

/** Poisson draws for the Poisson bootstrap (exact below a mean of 30, normal approximation above). */
final class Poisson {
    private Poisson() {}

    static long draw(long mean, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            long k = 0;
            while (product > limit) {
                product *= random.nextDouble();
                k++;
            }
            return k;
        }
        double gaussian = gaussian(random);
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
    }

    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
