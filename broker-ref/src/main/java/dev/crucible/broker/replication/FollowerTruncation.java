package dev.crucible.broker.replication;

import dev.crucible.io.LeaderEpochCache.EpochEnd;

/**
 * Where a follower cuts its log when the leader answers a fetch with a diverging epoch (KIP-101,
 * KIP-279, KIP-320's truncate-on-fetch), as Kafka's fetcher decides it. The follower never cuts to its
 * own high watermark: that was the pre-KIP-101 bug, which loses acknowledged writes when two leaders
 * fail in quick succession.
 */
public final class FollowerTruncation {
    private FollowerTruncation() {
    }

    /**
     * @param leaderEnd     the leader's answer: the largest epoch it has at or below the follower's last
     *                      fetched epoch, and where that epoch ends in the leader's log
     * @param localEnd      the follower's own answer for {@code leaderEnd.epoch()} (its epoch cache's
     *                      {@code endOffsetFor})
     * @param localLogEnd   the follower's log end offset
     * @param localHighWatermark used only when the leader cannot tell (no epoch known at all)
     * @return the offset to truncate to (the new log end); equal to {@code localLogEnd} when nothing is cut.
     *         A leader end past the follower's log end does not mean "nothing to cut": the follower may hold
     *         a later epoch than the leader's answer over the same offsets (it led briefly), so the cut is
     *         decided by the follower's own end of the leader's epoch.
     *         When the follower does not know the leader's epoch, the cut is to the end of its own largest
     *         smaller epoch and the next fetch asks again (KIP-279), so a few rounds may be needed.
     */
    public static long truncationOffset(EpochEnd leaderEnd, EpochEnd localEnd, long localLogEnd, long localHighWatermark) {
        if (leaderEnd.epoch() < 0 || leaderEnd.endOffset() < 0) {
            return Math.min(localHighWatermark, localLogEnd);
        }
        if (localEnd.epoch() != leaderEnd.epoch()) {
            long own = localEnd.endOffset() < 0 ? leaderEnd.endOffset() : localEnd.endOffset();
            return Math.min(own, localLogEnd);
        }
        return Math.min(Math.min(localEnd.endOffset(), leaderEnd.endOffset()), localLogEnd);
    }
}
