package dev.crucible.broker.group;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.crucible.broker.group.GroupHarness.INITIAL_DELAY_MS;
import static dev.crucible.broker.group.GroupHarness.V9;
import static dev.crucible.broker.group.GroupHarness.done;
import static dev.crucible.broker.group.Requests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class RebalanceTest {
    private final GroupHarness h = new GroupHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** Three v9 consumers started together; returns their join answers, in join order. */
    private List<JoinGroupResponseData> threeJoinTogether() {
        List<CompletableFuture<JoinGroupResponseData>> joins = List.of(h.joinNew("c1"), h.joinNew("c2"), h.joinNew("c3"));
        h.scheduler.advance(INITIAL_DELAY_MS);
        assertThat(joins).as("the initial delay is extended while members keep arriving").noneMatch(CompletableFuture::isDone);
        h.scheduler.advance(INITIAL_DELAY_MS);
        return joins.stream().map(GroupHarness::done).toList();
    }

    private static Errors error(JoinGroupResponseData response) {
        return Errors.forCode(response.errorCode());
    }

    private static Errors error(SyncGroupResponseData response) {
        return Errors.forCode(response.errorCode());
    }

    /** Brings the three-member group to Stable; returns the member ids in join order. */
    private List<String> stableGroupOfThree() {
        List<JoinGroupResponseData> joined = threeJoinTogether();
        List<String> ids = joined.stream().map(JoinGroupResponseData::memberId).toList();
        int generation = joined.get(0).generationId();
        Map<String, byte[]> assignment = Map.of(ids.get(0), bytes("a0"), ids.get(1), bytes("a1"), ids.get(2), bytes("a2"));
        done(h.sync(ids.get(0), generation, assignment));
        done(h.sync(ids.get(1), generation, Map.of()));
        done(h.sync(ids.get(2), generation, Map.of()));
        return ids;
    }

    @Test
    void threeMembersJoiningTogetherGetOneGenerationOneLeaderAndTheirOwnAssignments() {
        List<JoinGroupResponseData> joined = threeJoinTogether();

        assertThat(joined).allSatisfy(r -> {
            assertThat(error(r)).isEqualTo(Errors.NONE);
            assertThat(r.generationId()).isEqualTo(1);
            assertThat(r.protocolName()).isEqualTo("range");
            assertThat(r.protocolType()).isEqualTo("consumer");
            assertThat(r.leader()).isEqualTo(joined.get(0).memberId());
        });
        assertThat(joined.get(0).members()).extracting(JoinGroupResponseMember::memberId)
            .containsExactly(joined.get(0).memberId(), joined.get(1).memberId(), joined.get(2).memberId());
        assertThat(joined.get(0).members().get(1).metadata()).isEqualTo(bytes("range-subscription"));
        assertThat(joined.get(1).members()).isEmpty();
        assertThat(joined.get(2).members()).isEmpty();

        String leader = joined.get(0).memberId();
        CompletableFuture<SyncGroupResponseData> follower1 = h.sync(joined.get(1).memberId(), 1, Map.of());
        CompletableFuture<SyncGroupResponseData> follower2 = h.sync(joined.get(2).memberId(), 1, Map.of());
        assertThat(follower1).as("followers wait for the leader's assignment").isNotDone();
        SyncGroupResponseData leaderSync = done(h.sync(leader, 1, Map.of(
            leader, bytes("p0"), joined.get(1).memberId(), bytes("p1"), joined.get(2).memberId(), bytes("p2"))));

        assertThat(leaderSync.assignment()).isEqualTo(bytes("p0"));
        assertThat(done(follower1).assignment()).isEqualTo(bytes("p1"));
        assertThat(done(follower2).assignment()).isEqualTo(bytes("p2"));
        assertThat(done(follower2).protocolName()).isEqualTo("range");
        assertThat(h.coordinator.describeGroups((short) 5, new DescribeGroupsRequestData().setGroups(List.of(Requests.GROUP)))
            .groups().get(0).groupState()).isEqualTo("Stable");
    }

    @Test
    void aMemberLeavingTriggersARebalanceIntoTheNextGeneration() {
        List<String> ids = stableGroupOfThree();

        LeaveGroupResponseData left = done(h.coordinator.leaveGroup((short) 1, Requests.leave(ids.get(2))));
        assertThat(Errors.forCode(left.errorCode())).isEqualTo(Errors.NONE);
        assertThat(h.heartbeat(ids.get(0), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        CompletableFuture<JoinGroupResponseData> first = h.join(V9, "c1", Requests.join(ids.get(0)));
        assertThat(first).as("waits for the other remaining member").isNotDone();
        JoinGroupResponseData second = done(h.join(V9, "c2", Requests.join(ids.get(1))));

        assertThat(second.generationId()).isEqualTo(2);
        assertThat(done(first).members()).extracting(JoinGroupResponseMember::memberId).containsExactly(ids.get(0), ids.get(1));
        assertThat(h.heartbeat(ids.get(2), 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberWhoseSessionExpiresIsRemovedAndTheOthersRebalance() {
        List<String> ids = stableGroupOfThree();

        Errors seen = Errors.NONE;
        for (int i = 0; i < 4 && seen == Errors.NONE; i++) {
            h.scheduler.advance(Requests.SESSION_MS / 2);
            seen = h.heartbeat(ids.get(0), 1);
            assertThat(h.heartbeat(ids.get(1), 1)).isEqualTo(seen);
        }
        // the third member stopped heartbeating: once its session ran out the others are told to rejoin
        assertThat(seen).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(h.heartbeat(ids.get(2), 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

        CompletableFuture<JoinGroupResponseData> a = h.join(V9, "c1", Requests.join(ids.get(0)));
        JoinGroupResponseData b = done(h.join(V9, "c2", Requests.join(ids.get(1))));
        assertThat(done(a).generationId()).isEqualTo(2);
        assertThat(b.generationId()).isEqualTo(2);
        assertThat(done(a).members()).extracting(JoinGroupResponseMember::memberId).containsExactly(ids.get(0), ids.get(1));
    }

    @Test
    void heartbeatsDuringARebalanceAreToldToRejoin() {
        List<String> ids = stableGroupOfThree();

        CompletableFuture<JoinGroupResponseData> rejoin = h.join(V9, "c1", Requests.join(ids.get(0), null, "range", "roundrobin"));

        assertThat(rejoin).isNotDone();
        assertThat(h.heartbeat(ids.get(1), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(h.heartbeat(ids.get(2), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(h.heartbeat(ids.get(1), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(h.heartbeat("nobody", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(error(done(h.sync(ids.get(1), 1, Map.of())))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void membersThatDoNotRejoinBeforeTheRebalanceTimeoutAreDropped() {
        List<String> ids = stableGroupOfThree();
        CompletableFuture<JoinGroupResponseData> rejoin = h.join(V9, "c1", Requests.join(ids.get(0), null, "range", "sticky"));
        // the others stay alive (heartbeats) but never rejoin
        for (int t = 0; t < Requests.REBALANCE_MS - Requests.SESSION_MS / 2; t += Requests.SESSION_MS / 2) {
            h.scheduler.advance(Requests.SESSION_MS / 2);
            assertThat(h.heartbeat(ids.get(1), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
            assertThat(h.heartbeat(ids.get(2), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
        h.scheduler.advance(Requests.SESSION_MS / 2 - 1);
        assertThat(rejoin).isNotDone();

        h.scheduler.advance(1);

        JoinGroupResponseData answer = done(rejoin);
        assertThat(answer.generationId()).isEqualTo(2);
        assertThat(answer.leader()).isEqualTo(ids.get(0));
        assertThat(answer.members()).extracting(JoinGroupResponseMember::memberId).containsExactly(ids.get(0));
        assertThat(h.heartbeat(ids.get(1), 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void v4AndLaterRequireAMemberIdFirstButV2IsAssignedOneDirectly() {
        JoinGroupResponseData v4 = done(h.join((short) 4, "java", Requests.join("")));
        assertThat(error(v4)).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(v4.memberId()).startsWith("java-");

        GroupHarness quick = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));
        JoinGroupResponseData v2 = done(quick.join((short) 2, "python", Requests.join("")));
        assertThat(error(v2)).isEqualTo(Errors.NONE);
        assertThat(v2.memberId()).startsWith("python-");
        assertThat(v2.leader()).isEqualTo(v2.memberId());
        assertThat(v2.generationId()).isEqualTo(1);
        quick.close();
    }

    @Test
    void aMemberIdThatIsNeverUsedExpiresAndStopsHoldingTheJoinPhase() {
        GroupHarness quick = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));
        JoinGroupResponseData solo = done(quick.join((short) 2, "a", Requests.join("")));
        done(quick.sync(solo.memberId(), 1, Map.of(solo.memberId(), bytes("x"))));
        JoinGroupResponseData required = done(quick.join(V9, "b", Requests.join("")));
        assertThat(error(required)).isEqualTo(Errors.MEMBER_ID_REQUIRED);

        CompletableFuture<JoinGroupResponseData> rejoin = quick.join((short) 2, "a", Requests.join(solo.memberId()));
        assertThat(rejoin).as("waits for the member id handed out").isNotDone();
        quick.scheduler.advance(Requests.SESSION_MS);

        assertThat(done(rejoin).generationId()).isEqualTo(2);
        assertThat(done(rejoin).members()).hasSize(1);
        quick.close();
    }

    @Test
    void aStaticMemberRestartingWithTheSameSubscriptionKeepsItsAssignmentWithoutARebalance() {
        GroupHarness quick = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));
        String idA = done(quick.join(V9, "a", Requests.join("", "instance-a", "range"))).memberId();
        CompletableFuture<JoinGroupResponseData> b = quick.join(V9, "b", Requests.join("", "instance-b", "range"));
        CompletableFuture<JoinGroupResponseData> rejoinA = quick.join(V9, "a", Requests.join(idA, "instance-a", "range"));
        String idB = done(b).memberId();
        int generation = done(b).generationId();
        assertThat(idB).as("static members get no MEMBER_ID_REQUIRED round").startsWith("instance-b-");
        assertThat(done(rejoinA).members()).hasSize(2);
        done(quick.sync(idA, generation, Map.of(idA, bytes("pa"), idB, bytes("pb"))));
        done(quick.sync(idB, generation, Map.of()));

        // b restarts: same instance id, no member id, same subscription
        JoinGroupResponseData restarted = done(quick.join(V9, "b", Requests.join("", "instance-b", "range")));

        assertThat(error(restarted)).isEqualTo(Errors.NONE);
        assertThat(restarted.memberId()).isNotEqualTo(idB).startsWith("instance-b-");
        assertThat(restarted.generationId()).as("no new generation").isEqualTo(generation);
        assertThat(restarted.leader()).isEqualTo(idA);
        SyncGroupResponseData synced = done(quick.sync(restarted.memberId(), generation, Map.of()));
        assertThat(synced.assignment()).isEqualTo(bytes("pb"));
        assertThat(quick.heartbeat(idA, generation)).as("no rebalance for the others").isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(done(quick.coordinator.heartbeat((short) 4,
            Requests.heartbeat(idB, generation).setGroupInstanceId("instance-b"))).errorCode()))
            .as("the old id is fenced").isEqualTo(Errors.FENCED_INSTANCE_ID);
        quick.close();
    }

    @Test
    void aStaticLeaderRestartingAtV9IsToldToSkipTheAssignment() {
        GroupHarness quick = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));
        JoinGroupResponseData first = done(quick.join(V9, "a", Requests.join("", "instance-a", "range")));
        done(quick.sync(first.memberId(), 1, Map.of(first.memberId(), bytes("pa"))));

        JoinGroupResponseData again = done(quick.join(V9, "a", Requests.join("", "instance-a", "range")));

        assertThat(again.skipAssignment()).isTrue();
        assertThat(again.leader()).isEqualTo(again.memberId());
        assertThat(again.generationId()).isEqualTo(1);
        assertThat(again.members()).extracting(JoinGroupResponseMember::groupInstanceId).containsExactly("instance-a");
        quick.close();
    }

    @Test
    void leaveByInstanceIdRemovesTheStaticMemberAndAWrongMemberIdIsFenced() {
        GroupHarness quick = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));
        JoinGroupResponseData first = done(quick.join(V9, "a", Requests.join("", "instance-a", "range")));

        LeaveGroupResponseData fenced = done(quick.coordinator.leaveGroup((short) 5, Requests.leaveMembers(
            new MemberIdentity().setMemberId("impostor").setGroupInstanceId("instance-a"),
            new MemberIdentity().setMemberId("").setGroupInstanceId("instance-unknown"))));
        assertThat(fenced.members()).extracting(m -> Errors.forCode(m.errorCode()))
            .containsExactly(Errors.FENCED_INSTANCE_ID, Errors.UNKNOWN_MEMBER_ID);

        LeaveGroupResponseData left = done(quick.coordinator.leaveGroup((short) 5, Requests.leaveMembers(
            new MemberIdentity().setMemberId("").setGroupInstanceId("instance-a"))));
        assertThat(left.members()).extracting(m -> Errors.forCode(m.errorCode())).containsExactly(Errors.NONE);
        assertThat(quick.heartbeat(first.memberId(), 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(quick.coordinator.groupCount()).as("an empty group without offsets is dropped").isZero();
        quick.close();
    }

    @Test
    void theProtocolIsChosenByVotesAmongThoseEveryMemberSupports() {
        GroupHarness quick = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));
        String idA = done(quick.join((short) 2, "a", Requests.join("", null, "cooperative", "range", "sticky"))).memberId();
        CompletableFuture<JoinGroupResponseData> b = quick.join((short) 2, "b", Requests.join("", null, "sticky", "range"));
        CompletableFuture<JoinGroupResponseData> c = quick.join((short) 2, "c", Requests.join("", null, "range", "sticky"));
        JoinGroupResponseData d = done(quick.join((short) 2, "d", Requests.join("", null, "roundrobin")));
        assertThat(error(d)).as("nobody else supports it").isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);

        JoinGroupResponseData a = done(quick.join((short) 2, "a", Requests.join(idA, null, "cooperative", "range", "sticky")));

        // candidates: range and sticky (b and c lack cooperative); votes: a range, b sticky, c range
        assertThat(a.generationId()).isEqualTo(2);
        assertThat(List.of(a, done(b), done(c))).extracting(JoinGroupResponseData::protocolName)
            .containsOnly("range");
        assertThat(a.members()).extracting(JoinGroupResponseMember::metadata)
            .containsExactly(bytes("range-subscription"), bytes("range-subscription"), bytes("range-subscription"));
        quick.close();
    }

    @Test
    void aFullGroupRefusesNewMembers() {
        GroupHarness small = new GroupHarness(GroupConfig.DEFAULT.withMaxGroupSize(2));
        assertThat(error(done(small.join(V9, "a", Requests.join(""))))).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(error(done(small.join(V9, "b", Requests.join(""))))).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(error(done(small.join(V9, "c", Requests.join(""))))).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        small.close();
    }

    @Test
    void badRequestsGetKafkasErrors() {
        assertThat(error(done(h.join(V9, "a", Requests.join("").setGroupId(""))))).isEqualTo(Errors.INVALID_GROUP_ID);
        assertThat(error(done(h.join(V9, "a", Requests.join("").setSessionTimeoutMs(10)))))
            .isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(error(done(h.join(V9, "a", Requests.join("").setSessionTimeoutMs(1_800_001)))))
            .isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(error(done(h.join(V9, "a", Requests.join("ghost"))))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(error(done(h.join(V9, "a", Requests.join("").setProtocolType(""))))).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(error(done(h.sync("ghost", 1, Map.of())))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.heartbeat("ghost", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.coordinator.groupCount()).as("failed joins leave no group behind").isZero();
    }

    @Test
    void syncAtV5ChecksTheProtocolTypeAndName() {
        List<String> ids = stableGroupOfThree();
        SyncGroupResponseData wrong = done(h.coordinator.syncGroup((short) 5,
            Requests.follow(ids.get(1), 1).setProtocolType("consumer").setProtocolName("roundrobin")));
        assertThat(error(wrong)).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        SyncGroupResponseData right = done(h.coordinator.syncGroup((short) 5,
            Requests.follow(ids.get(1), 1).setProtocolType("consumer").setProtocolName("range")));
        assertThat(right.assignment()).isEqualTo(bytes("a1"));
        assertThat(error(done(h.sync(ids.get(1), 0, Map.of())))).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void aLeaderThatNeverSyncsIsRemovedAfterTheRebalanceTimeout() {
        List<JoinGroupResponseData> joined = threeJoinTogether();
        CompletableFuture<SyncGroupResponseData> follower = h.sync(joined.get(1).memberId(), 1, Map.of());
        for (int t = 0; t < Requests.REBALANCE_MS; t += Requests.SESSION_MS / 2) {
            h.scheduler.advance(Requests.SESSION_MS / 2);
            h.heartbeat(joined.get(2).memberId(), 1);
        }

        assertThat(error(done(follower))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(h.heartbeat(joined.get(0).memberId(), 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void closingAnswersWaitingJoinsWithCoordinatorNotAvailable() {
        CompletableFuture<JoinGroupResponseData> waiting = h.joinNew("c1");
        h.close();
        assertThat(error(done(waiting))).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(error(done(h.join(V9, "c2", Requests.join(""))))).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    }
}
