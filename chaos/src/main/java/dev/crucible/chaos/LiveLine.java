package dev.crucible.chaos;

import dev.crucible.chaos.nemesis.NemesisRunner;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints a progress line every 5 s: elapsed time, sends and polls in the last 5 s and in total, faults so far. */
final class LiveLine {
    private final PrintWriter out;
    private final Duration total;
    private final NemesisRunner nemesis;
    private final long[] window = new long[RunMetrics.COLUMNS.length];
    private long seconds;

    LiveLine(PrintWriter out, Duration total, NemesisRunner nemesis) {
        this.out = out;
        this.total = total;
        this.nemesis = nemesis;
    }

    void second(long[] row, long[] totals) {
        seconds++;
        for (int i = 0; i < row.length; i++) {
            window[i] += row[i];
        }
        if (seconds % 5 != 0) {
            return;
        }
        out.printf("%6ds/%ds  sends ok %d fail %d info %d (total ok %d)  polls ok %d info %d, %d records  faults %d%n",
                seconds, total.toSeconds(), window[0], window[1], window[2], totals[0], window[3], window[4], window[5],
                nemesis.windows().size());
        out.flush();
        java.util.Arrays.fill(window, 0);
    }
}
