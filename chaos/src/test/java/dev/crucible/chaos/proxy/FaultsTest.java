package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void describesEachFaultShortly() {
        assertThat(Faults.NONE.describe()).isEqualTo("none");
        assertThat(Faults.latency(Duration.ofMillis(50), Duration.ofMillis(10)).describe())
                .isEqualTo("latency 50ms±10ms");
        assertThat(Faults.latency(Duration.ofSeconds(2), Duration.ZERO).describe())
                .isEqualTo("latency 2s");
        assertThat(Faults.bandwidth(256 * 1024).describe()).isEqualTo("bandwidth 256KiB/s");
        assertThat(Faults.bandwidth(1000).describe()).isEqualTo("bandwidth 1000B/s");
        assertThat(Faults.blackhole(Direction.BOTH).describe()).isEqualTo("blackhole both ways");
        assertThat(Faults.blackhole(Direction.DOWNSTREAM).describe())
                .isEqualTo("blackhole downstream");
        assertThat(Faults.refusing().describe()).isEqualTo("refuse new");
        assertThat(Faults.slowClose(Duration.ofMillis(1500)).describe())
                .isEqualTo("slow close 1500ms");
    }

    @Test
    void withersCombineFaults() {
        Faults faults = Faults.latency(Duration.ofMillis(20), Duration.ofMillis(5))
                .withBandwidth(10L << 20)
                .withBlackhole(Direction.UPSTREAM)
                .withRefuseNew(true)
                .withSlowClose(Duration.ofSeconds(1));

        assertThat(faults.describe()).isEqualTo(
                "latency 20ms±5ms, bandwidth 10MiB/s, blackhole upstream, refuse new, slow close 1s");
        assertThat(faults.blackholes(Direction.UPSTREAM)).isTrue();
        assertThat(faults.blackholes(Direction.DOWNSTREAM)).isFalse();
        assertThat(faults.blackholes(Direction.BOTH)).isFalse();
        assertThat(faults.withBlackhole(Direction.DOWNSTREAM).blackholes(Direction.BOTH)).isTrue();
        assertThat(faults.withoutBlackhole().blackholes(Direction.UPSTREAM)).isFalse();
        assertThat(faults.isNone()).isFalse();
        assertThat(Faults.bandwidth(0).isNone()).isTrue();
    }

    @Test
    void rejectsNegativeOrMissingValues() {
        assertThatThrownBy(() -> Faults.latency(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> Faults.bandwidth(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytesPerSecond");
        assertThatThrownBy(() -> Faults.slowClose(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("slowClose");
    }
}
