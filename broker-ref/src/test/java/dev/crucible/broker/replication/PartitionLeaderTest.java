package dev.crucible.broker.replication;

import dev.crucible.broker.config.BrokenMode;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.io.LeaderEpochCache.EpochEnd;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader-side rules one by one (../shared/specs/replication.md section 1.9, R5, R6, R8, R11). */
class PartitionLeaderTest {
    private static final ReplicationSettings SETTINGS = new ReplicationSettings(1_000, false, null);
    private static final ReplicaEligibility ANYONE = eligibility(true, false);

    private static ReplicaEligibility eligibility(boolean eligible, boolean stale) {
        return new ReplicaEligibility() {
            @Override
            public boolean eligible(int brokerId, long brokerEpoch) {
                return eligible;
            }

            @Override
            public boolean stale(int brokerId, long brokerEpoch) {
                return stale;
            }
        };
    }

    private final List<String> answers = new ArrayList<>();

    private PartitionLeader<String> leader(List<Integer> isr, int minIsr, long logEnd, ReplicationSettings settings) {
        PartitionState state = new PartitionState(List.of(0, 1, 2), isr, 0, 3, 7);
        return new PartitionLeader<>(0, state, minIsr, 0, logEnd, logEnd, 0, settings, (w, e) -> answers.add(w + ":" + e));
    }

    @Test
    void highWatermarkIsTheSmallestLogEndOverTheInSyncSet() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 2, 10, SETTINGS);
        assertEquals(0, l.highWatermark(), "followers' log ends are unknown until they fetch");
        l.followerFetched(1, 5, 6, 1, ANYONE);
        assertEquals(0, l.highWatermark());
        l.followerFetched(2, 5, 4, 2, ANYONE);
        assertEquals(4, l.highWatermark());
        l.followerFetched(2, 5, 10, 3, ANYONE);
        assertEquals(6, l.highWatermark());
        l.followerFetched(1, 5, 10, 4, ANYONE);
        assertEquals(10, l.highWatermark());
    }

    @Test
    void underMinIsrAcksAllIsRefusedAndTheHighWatermarkStands() {
        PartitionLeader<String> l = leader(List.of(0), 2, 10, SETTINGS);
        assertEquals(Errors.NOT_ENOUGH_REPLICAS, l.admitAcksAll(), "R8: ISR 1 < min ISR 2");
        l.localAppended(12, 12);
        assertEquals(0, l.highWatermark(), "strict min ISR: no advance with the leader alone");
        PartitionLeader<String> enough = leader(List.of(0, 1), 2, 10, SETTINGS);
        assertEquals(Errors.NONE, enough.admitAcksAll());
    }

    @Test
    void acksAllCompletesWhenTheHighWatermarkPassesTheBatchInOrder() {
        PartitionLeader<String> l = leader(List.of(0, 1), 2, 10, SETTINGS);
        l.localAppended(13, 13);
        l.awaitAck(11, 1_000, "a");
        l.awaitAck(13, 1_000, "b");
        assertEquals(List.of(), answers);
        l.followerFetched(1, 5, 11, 1, ANYONE);
        assertEquals(List.of("a:NONE"), answers);
        l.followerFetched(1, 5, 13, 2, ANYONE);
        assertEquals(List.of("a:NONE", "b:NONE"), answers);
    }

    @Test
    void waitingAcksTimeOutOrEndWhenLeadershipIsLost() {
        PartitionLeader<String> l = leader(List.of(0, 1), 2, 10, SETTINGS);
        l.awaitAck(11, 100, "early");
        l.awaitAck(12, 500, "late");
        l.expireAcks(100);
        assertEquals(List.of("early:REQUEST_TIMED_OUT"), answers);
        l.resign();
        assertEquals(List.of("early:REQUEST_TIMED_OUT", "late:NOT_LEADER_OR_FOLLOWER"), answers);
        l.awaitAck(20, 1_000, "after");
        assertEquals("after:NOT_LEADER_OR_FOLLOWER", answers.get(2));
    }

    @Test
    void ackPastTheHighWatermarkWithTheSetShrunkBelowMinIsrIsNotEnoughReplicasAfterAppend() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 2, 10, SETTINGS);
        l.followerFetched(1, 5, 10, 1, ANYONE);
        l.followerFetched(2, 5, 10, 1, ANYONE);
        assertEquals(10, l.highWatermark());
        assertTrue(l.committed(new PartitionState(List.of(0, 1, 2), List.of(0), 0, 3, 8)), "controller fenced 1 and 2");
        l.awaitAck(9, 1_000, "x");
        assertEquals(List.of("x:NOT_ENOUGH_REPLICAS_AFTER_APPEND"), answers);
    }

    @Test
    void aProposedShrinkDoesNotCountUntilCommitted() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 2, 10, SETTINGS);
        l.followerFetched(1, 5, 10, 0, ANYONE);
        l.followerFetched(2, 5, 10, 0, ANYONE);
        l.localAppended(20, 20);
        l.followerFetched(1, 5, 20, 500, ANYONE);
        List<Integer> shrink = l.maybeShrink(2_000);
        assertEquals(List.of(0, 1), shrink, "2 has not caught up for longer than the lag time");
        assertEquals(10, l.highWatermark(), "R6: the leader still counts 2");
        l.alterRefused(shrink, Errors.INVALID_UPDATE_VERSION);
        assertEquals(10, l.highWatermark(), "refused: nothing changes");
        assertEquals(List.of(0, 1), l.maybeShrink(2_001));
        l.alterCommitted(List.of(0, 1), 8);
        assertEquals(20, l.highWatermark(), "committed: 2 no longer counts");
        assertEquals(List.of(0, 1), l.committedIsr());
        assertEquals(8, l.partitionEpoch());
    }

    @Test
    void theBrokenShrinkCountsAtOnce() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 2, 10, new ReplicationSettings(1_000, false, BrokenMode.SHRINK_BEFORE_COMMIT));
        l.followerFetched(1, 5, 10, 0, ANYONE);
        l.followerFetched(2, 5, 10, 0, ANYONE);
        l.localAppended(20, 20);
        l.followerFetched(1, 5, 20, 500, ANYONE);
        l.maybeShrink(2_000);
        assertEquals(20, l.highWatermark());
    }

    @Test
    void aFollowerThatTricklesBehindStaysInSyncButASilentOneLeaves() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 1, 10, SETTINGS);
        long now = 0;
        long end = 10;
        for (int i = 0; i < 10; i++) {
            now += 400;
            l.followerFetched(1, 5, end, now, ANYONE); // reaches the end the leader had at its previous fetch
            end += 1;
            l.localAppended(end, end);
        }
        assertEquals(List.of(0, 1), l.maybeShrink(now), "2 never fetched; 1 always reached the previous end");
    }

    @Test
    void aFollowerJoinsOnceAtTheHighWatermarkAndTheEpochStartIfEligible() {
        PartitionLeader<String> l = leader(List.of(0, 1), 1, 10, SETTINGS);
        l.followerFetched(1, 5, 10, 0, ANYONE);
        assertEquals(10, l.highWatermark());
        ReplicaEligibility fenced = eligibility(false, false);
        assertNull(l.followerFetched(2, 5, 10, 1, fenced), "R11/KIP-903: not eligible, not added");
        assertNull(l.followerFetched(2, 5, 9, 2, ANYONE), "below the high watermark");
        assertEquals(List.of(0, 1, 2), l.followerFetched(2, 5, 10, 3, ANYONE));
        assertEquals(Set.of(0, 1, 2), l.maximalIsr(), "an expansion counts before it is committed");
        l.localAppended(15, 15);
        l.followerFetched(1, 5, 15, 4, ANYONE);
        assertEquals(10, l.highWatermark(), "2 holds the high watermark back");
    }

    @Test
    void fetchesAreCheckedForEpochsBrokerEpochAndDivergence() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 1, 10, SETTINGS);
        EpochEnd end = new EpochEnd(3, 10);
        assertEquals(Errors.FENCED_LEADER_EPOCH, refusal(l.checkFetch(1, 5, 2, 3, 10, end, 0, ANYONE)));
        assertEquals(Errors.UNKNOWN_LEADER_EPOCH, refusal(l.checkFetch(1, 5, 4, 3, 10, end, 0, ANYONE)));
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, refusal(l.checkFetch(7, 5, 3, 3, 10, end, 0, ANYONE)), "not a replica");
        ReplicaEligibility stale = eligibility(false, true);
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, refusal(l.checkFetch(1, 4, 3, 3, 10, end, 0, stale)), "R11: old broker epoch");
        assertEquals(Errors.OFFSET_OUT_OF_RANGE, refusal(l.checkFetch(1, 5, 3, 3, 11, new EpochEnd(3, 11), 0, ANYONE)));
        assertInstanceOf(FetchCheck.Read.class, l.checkFetch(1, 5, 3, 3, 8, end, 0, ANYONE));
        FetchCheck diverging = l.checkFetch(1, 5, 3, 2, 8, new EpochEnd(1, 6), 0, ANYONE);
        assertEquals(new FetchCheck.Diverging(1, 6), diverging, "the follower's epoch 2 is unknown here; epoch 1 ends at 6");
        assertEquals(new FetchCheck.Diverging(2, 5), l.checkFetch(1, 5, 3, 2, 8, new EpochEnd(2, 5), 0, ANYONE), "epoch 2 ends before 8");
    }

    private static Errors refusal(FetchCheck check) {
        return assertInstanceOf(FetchCheck.Refused.class, check).error();
    }

    @Test
    void aNewerImageForAnotherLeaderEndsThisLeadership() {
        PartitionLeader<String> l = leader(List.of(0, 1, 2), 1, 10, SETTINGS);
        assertTrue(l.committed(new PartitionState(List.of(0, 1, 2), List.of(0, 1), 0, 3, 9)));
        assertEquals(List.of(0, 1), l.committedIsr());
        assertEquals(false, l.committed(new PartitionState(List.of(0, 1, 2), List.of(1, 2), 1, 4, 10)));
    }

    @Test
    void aLateAnswerToAnOvertakenProposalIsIgnored() {
        PartitionLeader<String> l = leader(List.of(0, 1), 1, 10, SETTINGS);
        l.followerFetched(1, 5, 10, 0, ANYONE);
        List<Integer> expansion = l.followerFetched(2, 5, 10, 1, ANYONE);
        assertEquals(List.of(0, 1, 2), expansion);
        assertTrue(l.committed(new PartitionState(List.of(0, 1, 2), List.of(0, 1, 2), 0, 3, 8)));
        l.alterRefused(expansion, Errors.INELIGIBLE_REPLICA);
        assertEquals(Set.of(0, 1, 2), l.maximalIsr());
        assertEquals(8, l.partitionEpoch());
    }

    /** Leader 0 with ISR [0, 1], 2 proposed for the set, 1 at 20 and 2 at 10. */
    private PartitionLeader<String> leaderExpandingTo2() {
        PartitionLeader<String> l = leader(List.of(0, 1), 1, 10, SETTINGS);
        l.followerFetched(1, 5, 10, 0, ANYONE);
        assertEquals(List.of(0, 1, 2), l.followerFetched(2, 5, 10, 1, ANYONE));
        l.localAppended(20, 20);
        l.followerFetched(1, 5, 20, 2, ANYONE);
        return l;
    }

    @Test
    void aRefusalFromAStaleViewKeepsCountingTheProposedMember() {
        PartitionLeader<String> l = leaderExpandingTo2();
        l.alterRefused(List.of(0, 1, 2), Errors.FENCED_LEADER_EPOCH);
        assertEquals(10, l.highWatermark(), "the controller may have committed 2 into the ISR already: it still counts");
        l.followerFetched(2, 5, 12, 3, ANYONE);
        assertEquals(12, l.highWatermark());
    }

    @Test
    void aRefusalThatProvesTheViewCurrentDropsTheProposedMember() {
        PartitionLeader<String> l = leaderExpandingTo2();
        l.alterRefused(List.of(0, 1, 2), Errors.INELIGIBLE_REPLICA);
        assertEquals(20, l.highWatermark());
        assertEquals(Set.of(0, 1), l.maximalIsr());
    }
}
