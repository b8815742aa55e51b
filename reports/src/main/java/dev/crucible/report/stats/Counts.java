package dev.crucible.report.stats;

import dev.crucible.report.model.Distribution;
import java.util.SplittableRandom;

/**
 * A histogram as parallel arrays: the distinct bucket values (each bucket's highest equivalent
 * value, ascending) and their counts. Percentiles follow HdrHistogram's rule exactly, so a
 * replicate built from the same intervals as a merged {@code Histogram} gives the same figures.
 */
final class Counts implements Distribution {
    private final long[] values;
    private final long[] counts;
    private final long total;
    private final String method;

    Counts(long[] values, long[] counts, String method) {
        this.values = values;
        this.counts = counts;
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        this.total = t;
        this.method = method;
    }

    @Override
    public double valueAt(double p) {
        return percentile(values, counts, total, p);
    }

    @Override
    public double[] valuesAt(double[] ps) {
        double[] out = new double[ps.length];
        if (total == 0) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        int i = 0;
        long seen = 0;
        for (int k = 0; k < ps.length; k++) {
            long rank = rank(ps[k], total);
            while (seen + counts[i] < rank && i < values.length - 1) {
                seen += counts[i];
                i++;
            }
            out[k] = values[i];
        }
        return out;
    }

    private static long rank(double p, long total) {
        double requested = Math.min(Math.max(Math.nextDown(p), 0.0), 100.0);
        return Math.max(1, (long) Math.ceil(requested / 100.0 * total));
    }

    /** HdrHistogram's getValueAtPercentile over a bucket array (values are highest equivalents). */
    static double percentile(long[] values, long[] counts, long total, double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = rank(p, total);
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Override
    public long count() {
        return total;
    }

    /** A Poisson bootstrap: each bucket's count redrawn as Poisson(count), the iid resampling limit. */
    @Override
    public Distribution resample(SplittableRandom random) {
        long[] next = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            next[i] = Poisson.draw(counts[i], random);
        }
        return new Counts(values, next, method);
    }

    @Override
    public double[] spectrumPercentiles() {
        return Spectrum.percentiles(total);
    }

    @Override
    public String resamplingMethod() {
        return method;
    }
}
