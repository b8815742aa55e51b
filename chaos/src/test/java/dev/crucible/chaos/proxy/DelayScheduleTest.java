package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DelayScheduleTest {
    private static final long LATENCY_NS = 5_000_000;
    private static final long JITTER_NS = 20_000_000;

    @Test
    void releaseTimesNeverDecreaseAndStayWithinLatencyPlusJitter() {
        DelaySchedule schedule = new DelaySchedule(42);
        long previousNs = Long.MIN_VALUE;
        int heldBack = 0;
        for (int i = 0; i < 10_000; i++) {
            long arrivalNs = i * 1_000_000L; // a chunk every millisecond, jitter up to 20
            long releaseNs = schedule.releaseAtNs(arrivalNs, LATENCY_NS, JITTER_NS);
            assertThat(releaseNs).isBetween(arrivalNs + LATENCY_NS, arrivalNs + LATENCY_NS + JITTER_NS);
            assertThat(releaseNs).isGreaterThanOrEqualTo(previousNs);
            if (releaseNs == previousNs) {
                heldBack++; // its own draw was earlier than its predecessor's release
            }
            previousNs = releaseNs;
        }
        assertThat(heldBack).as("chunks raised to their predecessor's release").isGreaterThan(1000);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        assertThat(delays(new DelaySchedule(7))).isEqualTo(delays(new DelaySchedule(7)));
        assertThat(delays(new DelaySchedule(7))).isNotEqualTo(delays(new DelaySchedule(8)));
    }

    @Test
    void eachConnectionAndDirectionGetsItsOwnSeed() {
        long up = DelaySchedule.seedFor(1, 0, Direction.UPSTREAM);
        long down = DelaySchedule.seedFor(1, 0, Direction.DOWNSTREAM);
        long next = DelaySchedule.seedFor(1, 1, Direction.UPSTREAM);
        assertThat(new long[] {up, down, next}).doesNotHaveDuplicates();
        assertThat(DelaySchedule.seedFor(1, 0, Direction.UPSTREAM)).isEqualTo(up);
    }

    @Test
    void noJitterIsPlainLatency() {
        DelaySchedule schedule = new DelaySchedule(1);
        assertThat(schedule.releaseAtNs(100, LATENCY_NS, 0)).isEqualTo(100 + LATENCY_NS);
        assertThat(schedule.releaseAtNs(50, 0, 0)).isEqualTo(100 + LATENCY_NS); // not before the first
    }

    private static long[] delays(DelaySchedule schedule) {
        long[] delays = new long[100];
        Arrays.setAll(delays, i -> schedule.releaseAtNs(i * 100_000_000L, 0, JITTER_NS)
                - i * 100_000_000L);
        return delays;
    }
}
