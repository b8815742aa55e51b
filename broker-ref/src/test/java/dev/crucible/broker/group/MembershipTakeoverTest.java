package dev.crucible.broker.group;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.crucible.broker.group.GroupHarness.INITIAL_DELAY_MS;
import static dev.crucible.broker.group.GroupHarness.V9;
import static dev.crucible.broker.group.GroupHarness.done;
import static dev.crucible.broker.group.Requests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster's coordinator hands its groups over through the offsets store: a coordinator opened over
 * the same store (the new leader of the offsets partition) knows the members of each Stable group, their
 * generation and assignments, so they heartbeat, sync and commit on without a rebalance; a group that
 * emptied stays empty; a broker running alone writes no membership.
 */
class MembershipTakeoverTest {
    private final MemoryOffsetStore store = new MemoryOffsetStore();

    /** Two members brought to Stable on {@code h}; their ids, leader first. */
    private static List<String> stableGroupOfTwo(GroupHarness h) {
        List<CompletableFuture<JoinGroupResponseData>> joins = List.of(h.joinNew("c1"), h.joinNew("c2"));
        h.scheduler.advance(INITIAL_DELAY_MS);
        h.scheduler.advance(INITIAL_DELAY_MS);
        List<String> ids = joins.stream().map(GroupHarness::done).map(JoinGroupResponseData::memberId).toList();
        done(h.sync(ids.get(0), 1, Map.of(ids.get(0), bytes("p0"), ids.get(1), bytes("p1"))));
        done(h.sync(ids.get(1), 1, Map.of()));
        return ids;
    }

    private static DescribeGroupsResponseData.DescribedGroup describe(GroupHarness h) {
        return h.coordinator.describeGroups((short) 5, new DescribeGroupsRequestData().setGroups(List.of(Requests.GROUP))).groups().get(0);
    }

    @Test
    void aNewCoordinatorKnowsTheStableMembersAndTheyGoOnWithoutARebalance() {
        List<String> ids;
        try (GroupHarness first = new GroupHarness(GroupConfig.DEFAULT, store, true)) {
            ids = stableGroupOfTwo(first);
            assertThat(first.commit(Requests.commit(ids.get(0), 1, "t", 0, 42))).isEqualTo(Errors.NONE);
        }
        try (GroupHarness next = new GroupHarness(GroupConfig.DEFAULT, store, true)) {
            DescribeGroupsResponseData.DescribedGroup group = describe(next);
            assertThat(group.groupState()).isEqualTo("Stable");
            assertThat(group.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .containsExactlyElementsOf(ids);
            assertThat(next.heartbeat(ids.get(0), 1)).isEqualTo(Errors.NONE);
            assertThat(next.heartbeat(ids.get(1), 1)).isEqualTo(Errors.NONE);
            assertThat(next.heartbeat(ids.get(1), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
            SyncGroupResponseData again = done(next.sync(ids.get(1), 1, Map.of()));
            assertThat(again.assignment()).as("the assignment came over too").isEqualTo(bytes("p1"));
            assertThat(next.fetchOne("t", 0).committedOffset()).isEqualTo(42);
            assertThat(next.commit(Requests.commit(ids.get(1), 1, "t", 0, 43))).isEqualTo(Errors.NONE);

            // sessions start anew at the takeover: a member that never comes back expires as usual
            next.scheduler.advance(Requests.SESSION_MS / 2);
            assertThat(next.heartbeat(ids.get(0), 1)).isEqualTo(Errors.NONE);
            next.scheduler.advance(Requests.SESSION_MS / 2 + 1);
            assertThat(next.heartbeat(ids.get(0), 1)).as("the silent member left: rebalance").isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
    }

    @Test
    void aGroupThatEmptiedIsTakenOverEmpty() {
        try (GroupHarness first = new GroupHarness(GroupConfig.DEFAULT, store, true)) {
            List<String> ids = stableGroupOfTwo(first);
            for (String id : ids) {
                LeaveGroupResponseData left = done(first.coordinator.leaveGroup((short) 1, Requests.leave(id)));
                assertThat(Errors.forCode(left.errorCode())).isEqualTo(Errors.NONE);
            }
            assertThat(describe(first).groupState()).as("an empty group without offsets is dropped").isEqualTo("Dead");
        }
        try (GroupHarness next = new GroupHarness(GroupConfig.DEFAULT, store, true)) {
            assertThat(describe(next).groupState()).isIn("Empty", "Dead");
            assertThat(describe(next).members()).isEmpty();
            JoinGroupResponseData rejoin = done(next.join(V9, "c1", Requests.join("unknown-member")));
            assertThat(Errors.forCode(rejoin.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    @Test
    void aBrokerAloneWritesNoMembership() {
        try (GroupHarness alone = new GroupHarness(GroupConfig.DEFAULT, store)) {
            stableGroupOfTwo(alone);
        }
        List<GroupSnapshot> snapshots = new java.util.ArrayList<>();
        store.replay(b -> OffsetRecordCodec.forEachRecord(b, (k, v) -> { }, snapshots::add));
        assertThat(snapshots).isEmpty();
    }

    @Test
    void aMembershipRecordReadsBackFieldForFieldAndAnOffsetRecordBesideItIsUnharmed() {
        GroupSnapshot written = new GroupSnapshot("g\u00e9", 7, "consumer", "range", "m1", List.of(
            new GroupSnapshot.Member("m1", null, "client-1", "/10.0.0.1", 60_000, 10_000, bytes("sub1"), bytes("asg1")),
            new GroupSnapshot.Member("m2", "static-2", "client-2", "/10.0.0.2", 30_000, 45_000, new byte[0], bytes("asg2"))));
        java.nio.ByteBuffer group = OffsetRecordCodec.groupBatch(written, 1L);
        java.nio.ByteBuffer offsets = OffsetRecordCodec.batches(List.of(new OffsetKey("g", "t", 3)),
            List.of(new CommittedOffset(9, -1, "", 1L)), 1L, 1 << 20);
        java.nio.ByteBuffer both = java.nio.ByteBuffer.allocate(group.remaining() + offsets.remaining()).put(group).put(offsets).flip();
        List<GroupSnapshot> read = new java.util.ArrayList<>();
        List<OffsetKey> keys = new java.util.ArrayList<>();
        OffsetRecordCodec.forEachRecord(both, (k, v) -> keys.add(k), read::add);
        assertThat(keys).containsExactly(new OffsetKey("g", "t", 3));
        assertThat(read).hasSize(1);
        GroupSnapshot back = read.get(0);
        assertThat(back).usingRecursiveComparison().isEqualTo(written);
    }
}
