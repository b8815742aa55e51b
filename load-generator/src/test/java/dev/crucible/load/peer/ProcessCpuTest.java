package dev.crucible.load.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CPU time read from /proc grows while a child spins and is -1 for no such process. */
class ProcessCpuTest {

    @Test
    void cpuTimeOfABusyChildGrows() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long first = ProcessCpu.cpuNanos(busy.pid());
            Thread.sleep(300);
            long second = ProcessCpu.cpuNanos(busy.pid());
            Thread.sleep(300);
            long third = ProcessCpu.cpuNanos(busy.pid());
            assertThat(first).isGreaterThanOrEqualTo(0);
            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
            // 600 ms of wall time on a spinning process: at least a sixth of it on a CPU.
            assertThat(third - first).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(third - first).isLessThan(TimeUnit.SECONDS.toNanos(5));
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
}
