package dev.crucible.broker.group;

import org.agrona.concurrent.EpochClock;

/** A clock that moves only when a test says so. */
final class ManualClock implements EpochClock {
    private long nowMs;

    ManualClock(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public long time() {
        return nowMs;
    }

    void set(long ms) {
        nowMs = ms;
    }
}
