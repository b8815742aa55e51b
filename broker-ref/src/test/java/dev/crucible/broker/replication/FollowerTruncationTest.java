package dev.crucible.broker.replication;

import dev.crucible.io.LeaderEpochCache.EpochEnd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a follower cuts its log on a diverging epoch: the KIP-101 and KIP-279 cases. */
class FollowerTruncationTest {
    @Test
    void sameEpochCutsAtTheEarlierOfTheTwoEnds() {
        // leader: epoch 1 ends at 8; follower: epoch 1 ends at 10 (it holds 2 records the leader never had)
        assertEquals(8, FollowerTruncation.truncationOffset(new EpochEnd(1, 8), new EpochEnd(1, 10), 10, 5));
        // follower's epoch 1 ended earlier (its later epoch 2 records are what diverge)
        assertEquals(6, FollowerTruncation.truncationOffset(new EpochEnd(1, 8), new EpochEnd(1, 6), 9, 5));
    }

    @Test
    void aFollowerThatBrieflyLedCutsItsOwnEpochEvenWhenTheLeaderIsLonger() {
        // follower led epoch 6 from 364 to 386 without committing; the leader's epoch 5 ends at 387 (epoch 7 after)
        assertEquals(364, FollowerTruncation.truncationOffset(new EpochEnd(5, 387), new EpochEnd(5, 364), 386, 362));
    }

    @Test
    void anEpochTheFollowerDoesNotKnowCutsToItsOwnLargestSmallerEpochAndAsksAgain() {
        // KIP-279: leader says epoch 3 ends at 10; the follower has epochs 1 and 2 only, epoch 2 ending at 12
        assertEquals(12, FollowerTruncation.truncationOffset(new EpochEnd(3, 10), new EpochEnd(2, 12), 14, 4));
    }

    @Test
    void neverCutsToTheHighWatermarkWhenEpochsAreKnown() {
        // KIP-101 scenario 1: the follower's high watermark (1) lags; it must keep offset 1, which the leader has
        assertEquals(2, FollowerTruncation.truncationOffset(new EpochEnd(0, 2), new EpochEnd(0, 2), 2, 1));
    }

    @Test
    void aLeaderWithoutEpochsFallsBackToTheHighWatermark() {
        assertEquals(4, FollowerTruncation.truncationOffset(EpochEnd.UNDEFINED_END, new EpochEnd(1, 9), 9, 4));
    }

    @Test
    void nothingBeforeTheFollowersFirstEpochIsKeptBeyondTheLeadersEnd() {
        assertEquals(3, FollowerTruncation.truncationOffset(new EpochEnd(0, 3), EpochEnd.UNDEFINED_END, 7, 0));
    }
}
