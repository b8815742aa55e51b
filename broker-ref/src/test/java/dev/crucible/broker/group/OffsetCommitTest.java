package dev.crucible.broker.group;

import dev.crucible.io.GroupCommitWriter;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.crucible.broker.group.GroupHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

class OffsetCommitTest {
    private static final GroupConfig NO_DELAY = GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0);
    private final GroupHarness h = new GroupHarness(NO_DELAY);

    @AfterEach
    void close() {
        h.close();
    }

    /** One kafka-python style member (v2, no MEMBER_ID_REQUIRED) in a stable generation 1. */
    private String stableSoloMember() {
        JoinGroupResponseData joined = done(h.join((short) 2, "py", Requests.join("")));
        done(h.sync(joined.memberId(), 1, Map.of(joined.memberId(), Requests.bytes("all"))));
        return joined.memberId();
    }

    @Test
    void aMemberCommitsInItsGenerationAndStaleOrUnknownCommittersAreRefused() {
        String member = stableSoloMember();

        assertThat(h.commit(Requests.commit(member, 0, "t", 0, 10))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(h.commit(Requests.commit("ghost", 1, "t", 0, 10))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.commit(Requests.standaloneCommit("t", 0, 10)))
            .as("standalone commits only while the group has no members").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.commit(Requests.commit(member, 1, "t", 0, 10))).isEqualTo(Errors.NONE);
        assertThat(h.fetchOne("t", 0).committedOffset()).isEqualTo(10);
    }

    @Test
    void commitsDuringCompletingRebalanceAreToldARebalanceIsInProgress() {
        String member = stableSoloMember();
        CompletableFuture<JoinGroupResponseData> newcomer = h.join((short) 2, "py2", Requests.join(""));
        JoinGroupResponseData rejoined = done(h.join((short) 2, "py", Requests.join(member)));
        assertThat(done(newcomer).generationId()).isEqualTo(2);

        assertThat(h.commit(Requests.commit(member, 2, "t", 0, 5))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(h.commit(Requests.commit(member, 1, "t", 0, 5))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(rejoined.generationId()).isEqualTo(2);
    }

    @Test
    void standaloneCommitsCreateTheGroupAndMemberCommitsToAMissingGroupAreIllegal() {
        assertThat(h.commit(Requests.commit("m", 3, "t", 0, 1))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(h.coordinator.groupCount()).isZero();

        assertThat(h.commit(Requests.standaloneCommit("t", 1, 99))).isEqualTo(Errors.NONE);

        OffsetFetchResponsePartition fetched = h.fetchOne("t", 1);
        assertThat(fetched.committedOffset()).isEqualTo(99);
        assertThat(fetched.committedLeaderEpoch()).isEqualTo(7);
        assertThat(fetched.metadata()).isEqualTo("m99");
        assertThat(h.commit(Requests.standaloneCommit("t", 1, 1).setGroupId(""))).isEqualTo(Errors.INVALID_GROUP_ID);
    }

    @Test
    void aCommitIsAcknowledgedAndVisibleOnlyAfterItsAppendCompletes() {
        assertThat(h.commit(Requests.standaloneCommit("t", 0, 1))).isEqualTo(Errors.NONE);
        h.store.hold();

        CompletableFuture<OffsetCommitResponseData> pending = h.coordinator.commitOffsets((short) 9,
            Requests.standaloneCommit("t", 0, 2));

        assertThat(pending).isNotDone();
        assertThat(h.store.heldCount()).isEqualTo(1);
        assertThat(h.fetchOne("t", 0).committedOffset()).as("not durable, not visible").isEqualTo(1);
        h.store.releaseAll();
        assertThat(done(pending).topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(h.fetchOne("t", 0).committedOffset()).isEqualTo(2);
    }

    @Test
    void aFailedAppendIsReportedAsRetriableAndChangesNothing() {
        h.store.hold();
        CompletableFuture<OffsetCommitResponseData> pending = h.coordinator.commitOffsets((short) 9,
            Requests.standaloneCommit("t", 0, 2));

        h.store.failAll(new IllegalStateException("disk gone"));

        assertThat(Errors.forCode(done(pending).topics().get(0).partitions().get(0).errorCode()))
            .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(h.fetchOne("t", 0).committedOffset()).isEqualTo(-1);
        assertThat(h.coordinator.groupCount()).as("nothing kept the group alive").isZero();
    }

    @Test
    void fetchAnswersMinusOneForNeverCommittedAndEverythingForNullTopics() {
        h.commit(Requests.standaloneCommit("b", 1, 11));
        h.commit(Requests.standaloneCommit("a", 0, 10));
        h.commit(Requests.standaloneCommit("a", 0, 12));

        OffsetFetchResponsePartition never = h.fetchOne("a", 5);
        assertThat(never.committedOffset()).isEqualTo(-1);
        assertThat(never.metadata()).isEmpty();
        assertThat(never.committedLeaderEpoch()).isEqualTo(-1);

        OffsetFetchResponseData all = done(h.coordinator.fetchOffsets((short) 7, Requests.fetchAll()));
        assertThat(all.topics()).extracting(t -> t.name()).containsExactly("a", "b");
        assertThat(all.topics().get(0).partitions()).extracting(p -> p.committedOffset()).containsExactly(12L);
        assertThat(all.topics().get(1).partitions()).extracting(p -> p.committedOffset()).containsExactly(11L);
    }

    @Test
    void fetchV8AnswersSeveralGroupsEachWithItsOwnError() {
        h.commit(Requests.standaloneCommit("a", 0, 10));
        OffsetFetchRequestData request = new OffsetFetchRequestData().setRequireStable(true).setGroups(List.of(
            new OffsetFetchRequestGroup().setGroupId(Requests.GROUP).setTopics(List.of(
                new OffsetFetchRequestTopics().setName("a").setPartitionIndexes(List.of(0, 1)))),
            new OffsetFetchRequestGroup().setGroupId("other").setTopics(null),
            new OffsetFetchRequestGroup().setGroupId("").setTopics(null)));

        OffsetFetchResponseData response = done(h.coordinator.fetchOffsets((short) 9, request));

        assertThat(response.groups()).extracting(g -> g.groupId()).containsExactly(Requests.GROUP, "other", "");
        assertThat(response.groups().get(0).topics().get(0).partitions()).extracting(p -> p.committedOffset())
            .containsExactly(10L, -1L);
        assertThat(response.groups().get(1).topics()).isEmpty();
        assertThat(Errors.forCode(response.groups().get(2).errorCode())).isEqualTo(Errors.INVALID_GROUP_ID);
    }

    @Test
    void metadataLongerThanKafkasLimitIsRefusedPerPartition() {
        String tooLong = "x".repeat(OffsetCommitHandler.MAX_METADATA_LENGTH + 1);
        var request = Requests.standaloneCommit("t", 0, 5);
        request.topics().get(0).partitions().get(0).setCommittedMetadata(tooLong);

        assertThat(h.commit(request)).isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE);
        assertThat(h.fetchOne("t", 0).committedOffset()).isEqualTo(-1);
    }

    @Test
    void offsetsAreRestoredFromTheStoreByANewCoordinator() {
        h.commit(Requests.standaloneCommit("t", 0, 1));
        h.commit(Requests.standaloneCommit("t", 0, 2));
        h.commit(Requests.standaloneCommit("u", 3, 30));
        h.close();

        GroupHarness reopened = new GroupHarness(NO_DELAY, h.store);
        assertThat(reopened.fetchOne("t", 0).committedOffset()).isEqualTo(2);
        assertThat(reopened.fetchOne("u", 3).committedOffset()).isEqualTo(30);
        assertThat(reopened.fetchOne("u", 3).metadata()).isEqualTo("m30");
        reopened.close();
    }

    @Test
    void offsetsCommittedToTheBrokersLogSurviveARestart(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        DeterministicScheduler scheduler = new DeterministicScheduler(clock);
        try (GroupCommitWriter writer = GroupCommitWriter.start()) {
            GroupCoordinator first = GroupCoordinator.open(NO_DELAY, dir, writer, clock, scheduler);
            for (int i = 0; i < 50; i++) {
                OffsetCommitResponseData response = first.commitOffsets((short) 9,
                    Requests.standaloneCommit("topic-" + (i % 5), i % 3, i)).get(10, TimeUnit.SECONDS);
                assertThat(response.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
            }
            first.close();

            GroupCoordinator second = GroupCoordinator.open(NO_DELAY, dir, writer, clock, scheduler);
            OffsetFetchResponseData all = second.fetchOffsets((short) 7, Requests.fetchAll()).get();
            assertThat(all.topics()).hasSize(5);
            // topic-4 got i = 4, 9, ..., 49: partitions 49 % 3 = 1, 44 % 3 = 2, 39 % 3 = 0 hold the last ones
            assertThat(all.topics().get(4).partitions()).extracting(p -> p.committedOffset())
                .containsExactly(39L, 49L, 44L);
            assertThat(all.topics().get(4).partitions().get(1).metadata()).isEqualTo("m49");
            second.close();
        }
    }
}
