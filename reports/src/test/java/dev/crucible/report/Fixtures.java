package dev.crucible.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/** Test inputs written the way other tools write them. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * An interval log of {@code seconds} 1-s intervals of lognormal latencies (median 2 ms times
     * {@code scale}), microseconds, seeded; returns the merged histogram for checking.
     */
    public static Histogram hlog(Path file, long seed, int seconds, int perSecond, double scale) throws IOException {
        Random random = new Random(seed);
        Histogram all = new Histogram(3_600_000_000L, 3);
        try (PrintStream ps = new PrintStream(Files.newOutputStream(file))) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputLogFormatVersion();
            w.outputStartTime(1_700_000_000_000L);
            w.setBaseTime(1_700_000_000_000L);
            w.outputLegend();
            for (int s = 0; s < seconds; s++) {
                Histogram h = new Histogram(3_600_000_000L, 3);
                double wobble = Math.exp(0.05 * random.nextGaussian());
                for (int i = 0; i < perSecond; i++) {
                    h.recordValue(Math.max(1, Math.round(2000 * scale * wobble * Math.exp(0.6 * random.nextGaussian()))));
                }
                h.setStartTimeStamp(1_700_000_000_000L + s * 1000L);
                h.setEndTimeStamp(1_700_000_000_000L + (s + 1) * 1000L);
                w.outputIntervalHistogram(h);
                all.add(h);
            }
        }
        return all;
    }
}
