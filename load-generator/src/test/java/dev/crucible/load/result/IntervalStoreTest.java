package dev.crucible.load.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.agent.IntervalReport;
import dev.crucible.load.metric.HistogramCodec;
import dev.crucible.load.metric.Metric;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class IntervalStoreTest {

    private static IntervalReport report(long index, Histogram response, long sent) {
        return new IntervalReport(index, Map.of(Metric.RESPONSE.key(), HistogramCodec.encode(response)), sent, sent, 0,
                0, sent * 100, 0, 1000);
    }

    @Test
    void mergingWorkersIsExactlyRecordingEverythingInOneHistogram() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        Histogram all = new Histogram(3);
        IntervalStore store = new IntervalStore();
        for (int worker = 0; worker < 3; worker++) {
            for (long sec = 0; sec < 4; sec++) {
                Histogram h = new Histogram(3);
                int n = 1000 + r.nextInt(1000);
                for (int i = 0; i < n; i++) {
                    // Each worker has its own latency shape: the merge must not average percentiles.
                    long v = (long) (Math.exp(r.nextGaussian() + worker * 2) * 100);
                    h.recordValue(v);
                    all.recordValue(v);
                }
                store.add(report(sec, h, n));
            }
        }
        Histogram merged = store.total(Metric.RESPONSE, 0, Long.MAX_VALUE);
        assertThat(merged.getTotalCount()).isEqualTo(all.getTotalCount());
        for (double p : new double[] {50, 90, 99, 99.9, 99.99, 100}) {
            assertThat(merged.getValueAtPercentile(p)).as("seed " + seed + " p" + p).isEqualTo(all.getValueAtPercentile(p));
        }
        assertThat(merged).isEqualTo(all);
        long sent = 0;
        for (IntervalStore.Merged m : store.all()) {
            assertThat(m.reports).isEqualTo(3);
            sent += m.sent;
        }
        assertThat(sent).isEqualTo(all.getTotalCount());
    }

    @Test
    void compressedHistogramsSurviveTheWire() {
        Histogram h = new Histogram(3);
        for (long v = 1; v < 100_000; v *= 3) {
            h.recordValueWithCount(v, v % 7 + 1);
        }
        assertThat(HistogramCodec.decode(HistogramCodec.encode(h))).isEqualTo(h);
    }
}
