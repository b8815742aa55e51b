package dev.crucible.report.stats;

import java.util.ArrayList;
import java.util.List;

/** The percentiles a spectrum is drawn at: ten per "nine", up to where one sample remains, then 100. */
public final class Spectrum {
    private Spectrum() {}

    /** Percentiles 1 - 10^(-j/10) for j = 0, 1, ... while count * (1 - p) >= 1, then 100. */
    public static double[] percentiles(long count) {
        List<Double> ps = new ArrayList<>();
        for (int j = 0; j <= 120; j++) {
            double tail = Math.pow(10, -j / 10.0);
            if (count * tail < 1) {
                break;
            }
            ps.add(100 * (1 - tail));
        }
        ps.add(100.0);
        return ps.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
