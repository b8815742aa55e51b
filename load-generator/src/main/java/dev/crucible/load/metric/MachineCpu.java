package dev.crucible.load.metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU counters from /proc/stat, for the share of all cores busy during a run. */
public final class MachineCpu {
    private MachineCpu() {}

    /** {busy ticks, total ticks} summed over all CPUs, or null where /proc/stat is unreadable. */
    public static long[] read() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Share (0..1) of all cores busy between two readings, or -1 when unknown. */
    public static double busyShare(long[] from, long[] to) {
        if (from == null || to == null || to[1] <= from[1]) {
            return -1;
        }
        return (double) (to[0] - from[0]) / (to[1] - from[1]);
    }
}
