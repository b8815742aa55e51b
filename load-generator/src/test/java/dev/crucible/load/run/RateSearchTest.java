package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateSearchTest {

    /** A target that acknowledges at most {@code capacity} msgs/s and queues the rest. */
    private static double search(double capacity, double start, int steps) {
        RateSearch s = new RateSearch(start);
        long backlog = 0;
        for (int i = 0; i < steps; i++) {
            double rate = s.rate();
            double achieved = Math.min(rate, capacity);
            backlog += (long) Math.max(0, (rate - capacity) * 2);
            backlog = Math.max(0, backlog - (long) Math.max(0, (capacity - rate) * 2));
            s.step(achieved, rate, backlog, 10_000);
        }
        return s.best();
    }

    @Test
    void findsARateCloseBelowWhatTheTargetSustains() {
        for (double capacity : new double[] {3_000, 47_000, 250_000}) {
            double best = search(capacity, 10_000, 40);
            assertThat(best).as("capacity " + capacity).isLessThanOrEqualTo(capacity).isGreaterThan(capacity * 0.75);
        }
    }

    @Test
    void aTargetThatKeepsUpWithEverythingKeepsRaisingTheRate() {
        assertThat(search(Double.MAX_VALUE, 10_000, 10)).isGreaterThan(10_000 * Math.pow(2, 8));
    }
}
