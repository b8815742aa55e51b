package dev.crucible.broker.api;

import dev.crucible.broker.group.Coordinators;
import dev.crucible.broker.group.GroupConfig;
import dev.crucible.broker.group.GroupCoordinator;
import dev.crucible.broker.group.OffsetStore;
import org.agrona.concurrent.SystemEpochClock;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group requests on a broker with several coordinators (a cluster broker leading several offsets
 * partitions) and groups it does not coordinate: each group reaches its own coordinator, requests naming
 * several groups are split and answered in the order asked, the others get NOT_COORDINATOR.
 */
class GroupRoutingTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private GroupCoordinator even;
    private GroupCoordinator odd;
    private GroupHandler handler;

    /** Stores nothing and answers every append at once. */
    private static final class InstantStore implements OffsetStore {
        private final List<ByteBuffer> stored = new ArrayList<>();

        @Override
        public void append(ByteBuffer batches, Consumer<Throwable> onDone) {
            stored.add(batches);
            onDone.accept(null);
        }

        @Override
        public void flush() {
        }

        @Override
        public void replay(Consumer<ByteBuffer> sink) {
            stored.forEach(sink);
        }

        @Override
        public int maxBatchBytes() {
            return 1 << 20;
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void open() throws Exception {
        even = GroupCoordinator.open(GroupConfig.DEFAULT, new InstantStore(), SystemEpochClock.INSTANCE, timers);
        odd = GroupCoordinator.open(GroupConfig.DEFAULT, new InstantStore(), SystemEpochClock.INSTANCE, timers);
        // "g0", "g2": the even coordinator; "g1": the odd one; "x...": not here
        handler = new GroupHandler(new Coordinators() {
            @Override
            public GroupCoordinator of(String groupId) {
                if (groupId.startsWith("x")) {
                    return null;
                }
                return (groupId.charAt(groupId.length() - 1) - '0') % 2 == 0 ? even : odd;
            }

            @Override
            public List<GroupCoordinator> all() {
                return List.of(even, odd);
            }
        });
    }

    @AfterEach
    void close() {
        even.close();
        odd.close();
        timers.shutdownNow();
    }

    private ApiMessage call(ApiKeys api, int version, ApiMessage request) throws Exception {
        return handler.handle(new RequestContext(api, (short) version, 1, "test", "/127.0.0.1"), request).get(10, TimeUnit.SECONDS);
    }

    private void commit(String group, long offset) throws Exception {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("");
        request.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
            new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset))));
        OffsetCommitResponseData response = (OffsetCommitResponseData) call(ApiKeys.OFFSET_COMMIT, 8, request);
        assertThat(Errors.forCode(response.topics().get(0).partitions().get(0).errorCode())).isEqualTo(Errors.NONE);
    }

    @Test
    void eachGroupIsCommittedAndFetchedAtItsOwnCoordinator() throws Exception {
        commit("g0", 10);
        commit("g1", 11);
        commit("g2", 12);
        OffsetFetchRequestData fetch = new OffsetFetchRequestData();
        for (String g : new String[] {"g2", "x9", "g1", "g0"}) {
            fetch.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(g).setTopics(null));
        }
        OffsetFetchResponseData response = (OffsetFetchResponseData) call(ApiKeys.OFFSET_FETCH, 8, fetch);
        assertThat(response.groups()).extracting(OffsetFetchResponseData.OffsetFetchResponseGroup::groupId)
            .containsExactly("g2", "x9", "g1", "g0");
        Map<String, Long> offsets = new java.util.HashMap<>();
        for (OffsetFetchResponseData.OffsetFetchResponseGroup g : response.groups()) {
            if (g.groupId().equals("x9")) {
                assertThat(Errors.forCode(g.errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
                continue;
            }
            assertThat(Errors.forCode(g.errorCode())).isEqualTo(Errors.NONE);
            offsets.put(g.groupId(), g.topics().get(0).partitions().get(0).committedOffset());
        }
        assertThat(offsets).isEqualTo(Map.of("g0", 10L, "g1", 11L, "g2", 12L));

        OffsetFetchRequestData old = new OffsetFetchRequestData().setGroupId("x1").setTopics(null);
        assertThat(Errors.forCode(((OffsetFetchResponseData) call(ApiKeys.OFFSET_FETCH, 7, old)).errorCode()))
            .isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void describeAndListAnswerForEveryCoordinatorHere() throws Exception {
        commit("g0", 1);
        commit("g1", 2);
        DescribeGroupsRequestData describe = new DescribeGroupsRequestData().setGroups(List.of("g1", "x1", "g0"));
        DescribeGroupsResponseData described = (DescribeGroupsResponseData) call(ApiKeys.DESCRIBE_GROUPS, 5, describe);
        assertThat(described.groups()).extracting(DescribeGroupsResponseData.DescribedGroup::groupId).containsExactly("g1", "x1", "g0");
        assertThat(described.groups()).extracting(g -> Errors.forCode(g.errorCode()))
            .containsExactly(Errors.NONE, Errors.NOT_COORDINATOR, Errors.NONE);
        assertThat(described.groups().get(0).groupState()).isEqualTo("Empty");

        ListGroupsResponseData listed = (ListGroupsResponseData) call(ApiKeys.LIST_GROUPS, 4, new ListGroupsRequestData());
        assertThat(listed.errorCode()).isZero();
        assertThat(listed.groups()).extracting(ListGroupsResponseData.ListedGroup::groupId).containsExactlyInAnyOrder("g0", "g1");
    }

    @Test
    void aGroupNotCoordinatedHereIsSentElsewhere() throws Exception {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId("x2").setGenerationIdOrMemberEpoch(-1).setMemberId("");
        request.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
            new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(3).setCommittedOffset(5))));
        OffsetCommitResponseData response = (OffsetCommitResponseData) call(ApiKeys.OFFSET_COMMIT, 8, request);
        assertThat(response.topics().get(0).partitions().get(0).partitionIndex()).isEqualTo(3);
        assertThat(Errors.forCode(response.topics().get(0).partitions().get(0).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
    }
}
