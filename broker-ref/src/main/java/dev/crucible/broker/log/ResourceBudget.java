package dev.crucible.broker.log;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the process can still open: each partition holds at least one segment, and a segment holds an
 * open file (its {@code .log}) and two memory maps (its indexes). A broker that creates partitions past
 * its open-file limit or the kernel's {@code vm.max_map_count} fails half way and then cannot start
 * again (it must reopen them all), so a create is checked against both before anything is written,
 * keeping a reserve for connections, the JVM and segment rolls.
 */
public final class ResourceBudget {
    /** Open files and memory maps one new partition costs (its first segment). */
    static final int FILES_PER_PARTITION = 1;
    static final int MAPS_PER_PARTITION = 2;
    private static final Path MAX_MAP_COUNT = Path.of("/proc/sys/vm/max_map_count");
    private static final Path SELF_MAPS = Path.of("/proc/self/maps");

    /** How long a measurement of open files and maps stands; creates in between add their own cost to it. */
    private static final long MEASURE_EVERY_NS = 1_000_000_000L;

    private final long maxFiles;
    private final long maxMaps;
    private long measuredAtNs;
    private long files;
    private long maps;
    private long grantedSince; // partitions created since the measurement

    ResourceBudget(long maxFiles, long maxMaps) {
        this.maxFiles = maxFiles;
        this.maxMaps = maxMaps;
    }

    /** The limits of this process: {@code ulimit -n} and {@code vm.max_map_count}; unknown ones are unlimited. */
    public static ResourceBudget ofThisProcess() {
        return new ResourceBudget(maxFileDescriptors(), readLong(MAX_MAP_COUNT));
    }

    /** Room left for files and maps is each limit less a reserve of a tenth (at least 256 files, 1024 maps). */
    static long reserveOf(long limit, long floor) {
        return Math.max(floor, limit / 10);
    }

    /**
     * Null when {@code partitions} more fit, else why not: which budget, how much is in use and what
     * to raise.
     */
    synchronized String refusal(int partitions) {
        long now = System.nanoTime();
        if (measuredAtNs == 0 || now - measuredAtNs - MEASURE_EVERY_NS > 0) {
            // /proc/self/maps grows with the partitions: read it once a second, not once per topic of a request
            files = openFileDescriptors();
            maps = mapCount();
            grantedSince = 0;
            measuredAtNs = now;
        }
        String refusal = refusal((long) partitions * FILES_PER_PARTITION, "open files",
            files + grantedSince * FILES_PER_PARTITION, maxFiles, 256, "(ulimit -n)");
        return refusal != null ? refusal : refusal((long) partitions * MAPS_PER_PARTITION, "memory maps",
            maps + grantedSince * MAPS_PER_PARTITION, maxMaps, 1024, "(the kernel's vm.max_map_count)");
    }

    /** Counts partitions just created against the last measurement. */
    synchronized void granted(int partitions) {
        grantedSince += partitions;
    }

    private static String refusal(long needed, String what, long used, long limit, long reserveFloor,
                                  String limitName) {
        long left = limit - reserveOf(limit, reserveFloor) - used;
        if (needed <= left) {
            return null;
        }
        return "the new partitions need " + needed + " " + what + "; this process uses " + used + " of its limit "
            + limit + " " + limitName + " and keeps a reserve, so " + Math.max(0, left) + " are left";
    }

    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE / 4;
    }

    private static long openFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return 0;
    }

    private static long mapCount() {
        if (!Files.isReadable(SELF_MAPS)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(SELF_MAPS)) {
            return lines.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long readLong(Path file) {
        // a stream, not readString: /proc files claim a size the JDK then trusts, and cut the text short
        try (java.io.BufferedReader in = Files.newBufferedReader(file)) {
            return Long.parseLong(in.readLine().trim());
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
