package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long RATE = 256 * 1024;

    @Test
    void aMebibyteAtAQuarterMebibytePerSecondTakesFourSecondsLessTheBurst() {
        TokenBucket bucket = new TokenBucket();
        long nowNs = 1_000;
        int left = 1024 * 1024;
        while (left > 0) {
            int n = TokenBucket.sliceBytes(RATE, left);
            nowNs = Math.max(nowNs, bucket.sendAtNs(nowNs, n, RATE)); // the writer waits until then
            left -= n;
        }
        assertThat(nowNs - 1_000).isBetween(4_000_000_000L - TokenBucket.BURST_NS - 1_000_000,
                4_000_000_000L - TokenBucket.BURST_NS + 1_000_000);
    }

    @Test
    void anIdleLinkBanksOnlyTheBurst() {
        TokenBucket bucket = new TokenBucket();
        long burstBytes = RATE * TokenBucket.BURST_NS / 1_000_000_000L;
        assertThat(bucket.sendAtNs(0, burstBytes, RATE)).isEqualTo(0);
        long tenSecondsLater = 10_000_000_000L;
        assertThat(bucket.sendAtNs(tenSecondsLater, burstBytes, RATE)).isEqualTo(tenSecondsLater);
        assertThat(bucket.sendAtNs(tenSecondsLater, RATE, RATE)) // a second's worth waits a second
                .isBetween(tenSecondsLater + 999_000_000L, tenSecondsLater + 1_000_000_000L);
    }

    @Test
    void unlimitedNeverWaitsAndForgetsThePast() {
        TokenBucket bucket = new TokenBucket();
        bucket.sendAtNs(0, 10 * RATE, RATE); // ten seconds booked
        assertThat(bucket.sendAtNs(5, 1 << 20, 0)).isEqualTo(5);
        assertThat(bucket.sendAtNs(10, 1024, RATE)).isEqualTo(10);
    }

    @Test
    void slicesAreTwentyMillisecondsWorthAndAtLeastOneByte() {
        assertThat(TokenBucket.sliceBytes(RATE, 1 << 20)).isEqualTo((int) (RATE / 50));
        assertThat(TokenBucket.sliceBytes(RATE, 100)).isEqualTo(100);
        assertThat(TokenBucket.sliceBytes(10, 100)).isEqualTo(1);
        assertThat(TokenBucket.sliceBytes(0, 12345)).isEqualTo(12345);
    }
}
