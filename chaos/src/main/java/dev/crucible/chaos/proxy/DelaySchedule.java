package dev.crucible.chaos.proxy;

import java.util.SplittableRandom;

/**
 * Release times for one direction of one connection: arrival + latency + jitter, never earlier than
 * the release time before it, so a chunk can not overtake an earlier one. Pure apart from its
 * seeded generator; the caller passes the time, so a test can drive it.
 */
final class DelaySchedule {
    private final SplittableRandom random;
    private long lastReleaseNs;
    private boolean started;

    DelaySchedule(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The time a chunk arriving at {@code arrivalNs} may be delivered: {@code arrivalNs + latencyNs +
     * j} with {@code j} uniform in [0, jitterNs], or the previous release time if that is later.
     */
    long releaseAtNs(long arrivalNs, long latencyNs, long jitterNs) {
        long jitter = jitterNs > 0 ? random.nextLong(jitterNs + 1) : 0;
        long releaseNs = arrivalNs + latencyNs + jitter;
        if (started && releaseNs - lastReleaseNs < 0) {
            releaseNs = lastReleaseNs;
        }
        started = true;
        lastReleaseNs = releaseNs;
        return releaseNs;
    }

    /** A well-spread seed for one direction of one connection, from the proxy's seed. */
    static long seedFor(long proxySeed, long connectionId, Direction way) {
        long z = proxySeed + 0x9E3779B97F4A7C15L * (2 * connectionId + way.ordinal() + 1);
        // Finalising mix (Stafford's variant 13 of MurmurHash3's fmix64).
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
