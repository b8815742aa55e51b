package dev.crucible.launch.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, user plus system, from Linux's {@code /proc/<pid>/stat}: fields 14
 * ({@code utime}) and 15 ({@code stime}), counted in clock ticks. The tick rate is read once from
 * our own auxiliary vector ({@code AT_CLKTCK} in {@code /proc/self/auxv}), else taken as 100 Hz.
 */
public final class ProcessCpu {

    private static final long AT_CLKTCK = 17;
    private static final long TICKS_PER_SECOND = readTickRate();

    private ProcessCpu() {}

    /** CPU nanoseconds used by {@code pid} so far, or -1 if that cannot be read (gone, not Linux). */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
                    StandardCharsets.US_ASCII);
            // Field 2 is "(comm)" and comm may hold spaces or ')': count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Clock ticks per second used by {@code /proc} (sysconf(_SC_CLK_TCK)). */
    static long ticksPerSecond() {
        return TICKS_PER_SECOND;
    }

    private static long readTickRate() {
        try {
            ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(Path.of("/proc/self/auxv")))
                    .order(ByteOrder.nativeOrder());
            // Pairs of native longs (type, value), ended by type 0; this assumes a 64-bit JVM.
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == 0) {
                    break;
                }
                if (type == AT_CLKTCK && value > 0 && value <= 100_000) {
                    return value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to Linux's usual rate
        }
        return 100;
    }
}
