package dev.crucible.report.stats;

import dev.crucible.report.model.Distribution;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A run's measured phase as consecutive interval histograms (1 s each in crucible's logs). A
 * bootstrap replicate is a circular block bootstrap of the intervals: blocks of {@code b}
 * consecutive intervals (b = the cube root of their number, rounded, at least 1) drawn with
 * replacement until as many intervals as the run had, then merged. Blocks keep the correlation
 * between neighbouring seconds (a GC pause, a stall) that resampling single messages would hide.
 *
 * <p>Internally each interval is kept sparse: indexes into one ascending array of the distinct
 * bucket values of the whole run, with their counts.
 */
public final class IntervalDistribution implements Distribution {
    private final long[] values;
    private final int[][] index;
    private final long[][] counts;
    private final int block;
    private final Counts whole;

    private IntervalDistribution(long[] values, int[][] index, long[][] counts) {
        this.values = values;
        this.index = index;
        this.counts = counts;
        this.block = Math.max(1, (int) Math.round(Math.cbrt(index.length)));
        this.whole = new Counts(values, merge(allIntervals()), resamplingMethodText(block));
    }

    /** The distribution of the given interval histograms (the measured phase, in time order). */
    public static IntervalDistribution of(List<? extends AbstractHistogram> intervals) {
        return of(intervals, 1.0);
    }

    /**
     * The same, with recorded values multiplied by {@code toMicros} (1000 for a log in milliseconds,
     * 0.001 for nanoseconds) so every figure is in microseconds.
     */
    public static IntervalDistribution of(List<? extends AbstractHistogram> intervals, double toMicros) {
        java.util.TreeSet<Long> seen = new java.util.TreeSet<>();
        for (AbstractHistogram h : intervals) {
            for (HistogramIterationValue v : h.recordedValues()) {
                seen.add(scaled(v.getValueIteratedTo(), toMicros));
            }
        }
        long[] distinct = seen.stream().mapToLong(Long::longValue).toArray();
        int[][] index = new int[intervals.size()][];
        long[][] counts = new long[intervals.size()][];
        for (int i = 0; i < intervals.size(); i++) {
            int n = 0;
            int[] ix = new int[16];
            long[] cs = new long[16];
            for (HistogramIterationValue v : intervals.get(i).recordedValues()) {
                if (n == ix.length) {
                    ix = Arrays.copyOf(ix, n * 2);
                    cs = Arrays.copyOf(cs, n * 2);
                }
                ix[n] = Arrays.binarySearch(distinct, scaled(v.getValueIteratedTo(), toMicros));
                cs[n] = v.getCountAddedInThisIterationStep();
                n++;
            }
            index[i] = Arrays.copyOf(ix, n);
            counts[i] = Arrays.copyOf(cs, n);
        }
        return new IntervalDistribution(distinct, index, counts);
    }

    private static long scaled(long value, double toMicros) {
        return toMicros == 1.0 ? value : Math.round(value * toMicros);
    }

    private static String resamplingMethodText(int block) {
        return "circular block bootstrap of the 1-s interval histograms (blocks of " + block + " s)";
    }

    private int[] allIntervals() {
        int[] all = new int[index.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private long[] merge(int[] chosen) {
        long[] merged = new long[values.length];
        for (int i : chosen) {
            int[] ix = index[i];
            long[] cs = counts[i];
            for (int k = 0; k < ix.length; k++) {
                merged[ix[k]] += cs[k];
            }
        }
        return merged;
    }

    @Override
    public double valueAt(double p) {
        return whole.valueAt(p);
    }

    @Override
    public double[] valuesAt(double[] ps) {
        return whole.valuesAt(ps);
    }

    @Override
    public long count() {
        return whole.count();
    }

    /** Number of intervals in the measured phase. */
    public int intervals() {
        return index.length;
    }

    @Override
    public Distribution resample(SplittableRandom random) {
        int n = index.length;
        if (n == 0) {
            return whole;
        }
        int[] chosen = new int[n];
        int filled = 0;
        while (filled < n) {
            int start = random.nextInt(n);
            for (int k = 0; k < block && filled < n; k++) {
                chosen[filled++] = (start + k) % n;
            }
        }
        return new Counts(values, merge(chosen), whole.resamplingMethod());
    }

    @Override
    public double[] spectrumPercentiles() {
        return whole.spectrumPercentiles();
    }

    @Override
    public String resamplingMethod() {
        return whole.resamplingMethod();
    }
}
