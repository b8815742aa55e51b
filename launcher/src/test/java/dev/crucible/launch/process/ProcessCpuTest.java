package dev.crucible.launch.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CPU time read from /proc agrees with the JDK's own reading of the same process and grows while it
 * spins; -1 for no such process.
 */
class ProcessCpuTest {

    @Test
    void cpuTimeOfABusyChildGrowsAndMatchesTheJdksReading() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long first = ProcessCpu.cpuNanos(busy.pid());
            assertThat(first).isGreaterThanOrEqualTo(0);
            long grown = awaitCpuAbove(busy.pid(), first);
            assertThat(grown).isGreaterThan(first);
            // Read ours, the JDK's, ours again: the JDK's value (same fields, same units) lies between.
            long before = ProcessCpu.cpuNanos(busy.pid());
            long jdk = busy.info().totalCpuDuration().map(Duration::toNanos).orElseThrow();
            long after = ProcessCpu.cpuNanos(busy.pid());
            assertThat(jdk).isBetween(before, after);
        } finally {
            busy.destroyForcibly();
            busy.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownProcessReadsAsMinusOne() {
        assertThat(ProcessCpu.cpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void tickRateIsPlausible() {
        assertThat(ProcessCpu.ticksPerSecond()).isBetween(1L, 100_000L);
    }

    /** Polls until the reading exceeds {@code floor}; fails after 30 s (a spinning child gets a tick long before). */
    private static long awaitCpuAbove(long pid, long floor) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long now = ProcessCpu.cpuNanos(pid);
        while (now <= floor) {
            assertThat(deadlineNs - System.nanoTime()).as("CPU time of pid %d still %d ns", pid, now).isPositive();
            Thread.sleep(10);
            now = ProcessCpu.cpuNanos(pid);
        }
        return now;
    }
}
