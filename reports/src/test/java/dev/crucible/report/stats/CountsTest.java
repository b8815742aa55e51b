package dev.crucible.report.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CountsTest {
    @Test
    void percentilesEqualHdrHistogramsOnTheMergedIntervals() {
        long seed = 7;
        List<Histogram> intervals = Synthetic.intervals(seed, 20, 3000, 1.0);
        Histogram merged = new Histogram(3_600_000_000L, 3);
        intervals.forEach(merged::add);
        IntervalDistribution d = IntervalDistribution.of(intervals);
        double[] ps = {0.5, 10, 50, 90, 99, 99.9, 99.99, 100};
        double[] ours = d.valuesAt(ps);
        for (int i = 0; i < ps.length; i++) {
            assertThat(ours[i]).as("p" + ps[i]).isEqualTo((double) merged.getValueAtPercentile(ps[i]));
            assertThat(d.valueAt(ps[i])).isEqualTo((double) merged.getValueAtPercentile(ps[i]));
        }
        assertThat(d.valueAt(100)).isEqualTo((double) merged.getMaxValue());
        assertThat(d.count()).isEqualTo(merged.getTotalCount());
    }

    @Test
    void aBlockReplicateHasAsManyIntervalsAndStaysNearTheSample() {
        IntervalDistribution d = IntervalDistribution.of(Synthetic.intervals(8, 27, 1000, 1.0));
        var r = d.resample(new java.util.SplittableRandom(1));
        assertThat(r.count()).isBetween(26_000L, 28_000L);
        assertThat(r.valueAt(50) / d.valueAt(50)).isBetween(0.9, 1.1);
    }
}
