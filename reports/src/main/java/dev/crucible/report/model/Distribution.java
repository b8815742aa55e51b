package dev.crucible.report.model;

import java.util.SplittableRandom;

/**
 * One run's sample of one latency metric, able to give a percentile and a bootstrap replicate of
 * it. Values are in microseconds.
 */
public interface Distribution {

    /** The value at percentile {@code p} (0..100; 100 is the maximum), as HdrHistogram computes it. */
    double valueAt(double p);

    /** The values at several percentiles (ascending), in one pass where the source allows. */
    default double[] valuesAt(double[] ps) {
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = valueAt(ps[i]);
        }
        return out;
    }

    /** Number of samples recorded. */
    long count();

    /**
     * A resampled copy of this sample (a bootstrap replicate), drawn with {@code random}; the values
     * it returns are the statistic's spread under resampling.
     */
    Distribution resample(SplittableRandom random);

    /** The percentiles to draw a spectrum with, ascending, ending at 100 (the maximum). */
    double[] spectrumPercentiles();

    /** A sentence on how {@link #resample} draws a replicate, for the report's method section. */
    String resamplingMethod();
}
