package dev.crucible.chaos.proxy;

/**
 * The bandwidth cap of one direction of one connection, as a token bucket in its virtual-time form
 * (the generic cell rate algorithm): it remembers when the link would have finished sending every
 * byte so far at the current rate, and lets an idle link bank at most {@link #BURST_NS} of it.
 * Pure; the caller passes the time.
 */
final class TokenBucket {
    /** An idle link may send this much time's worth of bytes at once. */
    static final long BURST_NS = 50_000_000L;
    /** Writes are cut into slices this long at the capped rate, so a new cap applies soon. */
    static final long SLICE_NS = 20_000_000L;

    private long busyUntilNs;
    private boolean started;

    /**
     * The time at which {@code bytes} may be written, given everything written before; books them.
     * Unlimited ({@code bytesPerSecond == 0}) returns {@code nowNs} and forgets the past.
     */
    long sendAtNs(long nowNs, long bytes, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            started = false;
            return nowNs;
        }
        long earliestNs = nowNs - BURST_NS;
        if (!started || busyUntilNs - earliestNs < 0) {
            busyUntilNs = earliestNs;
        }
        started = true;
        busyUntilNs += bytes * 1_000_000_000L / bytesPerSecond;
        return busyUntilNs - nowNs < 0 ? nowNs : busyUntilNs;
    }

    /** How many bytes to write at once under the cap: {@link #SLICE_NS} worth, at least one. */
    static int sliceBytes(long bytesPerSecond, int remaining) {
        if (bytesPerSecond <= 0) {
            return remaining;
        }
        long slice = Math.max(1, bytesPerSecond * (SLICE_NS / 1_000_000L) / 1_000L);
        return (int) Math.min(remaining, slice);
    }
}
