package dev.crucible.report.stats;

import dev.crucible.report.model.Distribution;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A distribution known only by some of its quantiles (an OMB result: aggregated quantiles for the
 * whole run, and a few percentiles per 10-s window). A percentile between known ones takes the
 * next known one above (never understating a tail). A bootstrap replicate scales the whole-run
 * quantile by the ratio of resampled to actual mean of the per-window values of that percentile
 * (blocks of one window), so run-to-run wobble of the windows becomes the interval's width.
 */
public final class QuantileDistribution implements Distribution {
    private final NavigableMap<Double, Double> quantiles;
    private final NavigableMap<Double, double[]> windows;
    private final long count;
    private final Map<Double, Double> scale;

    /**
     * @param quantiles percentile (0..100) to value, microseconds
     * @param windows percentile to its values per window, microseconds (may be empty)
     * @param count samples the run is known or estimated to hold
     */
    public QuantileDistribution(Map<Double, Double> quantiles, Map<Double, double[]> windows, long count) {
        this(new TreeMap<>(quantiles), new TreeMap<>(windows), count, Map.of());
    }

    private QuantileDistribution(NavigableMap<Double, Double> quantiles, NavigableMap<Double, double[]> windows,
            long count, Map<Double, Double> scale) {
        this.quantiles = quantiles;
        this.windows = windows;
        this.count = count;
        this.scale = scale;
    }

    @Override
    public double valueAt(double p) {
        Map.Entry<Double, Double> e = quantiles.ceilingEntry(p - 1e-9);
        if (e == null) {
            e = quantiles.lastEntry();
        }
        if (e == null) {
            return Double.NaN;
        }
        Map.Entry<Double, double[]> w = windows.ceilingEntry(p - 1e-9);
        double factor = w == null ? 1.0 : scale.getOrDefault(w.getKey(), 1.0);
        return e.getValue() * factor;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public Distribution resample(SplittableRandom random) {
        Map<Double, Double> factors = new TreeMap<>();
        windows.forEach((p, vs) -> {
            if (vs.length == 0) {
                return;
            }
            double mean = 0;
            double drawn = 0;
            for (int i = 0; i < vs.length; i++) {
                mean += vs[i];
                drawn += vs[random.nextInt(vs.length)];
            }
            factors.put(p, mean > 0 ? drawn / mean : 1.0);
        });
        return new QuantileDistribution(quantiles, windows, count, factors);
    }

    @Override
    public double[] spectrumPercentiles() {
        return quantiles.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public String resamplingMethod() {
        return "bootstrap of the per-window percentiles (OMB result: no histograms), scaling the aggregated quantile";
    }
}
