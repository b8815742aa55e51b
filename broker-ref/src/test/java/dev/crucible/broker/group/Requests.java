package dev.crucible.broker.group;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Request builders that keep the tests about behaviour rather than message plumbing. */
final class Requests {
    static final String GROUP = "orders";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 60_000;

    private Requests() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A consumer-type join offering {@code protocols} in preference order, each with metadata "name-subscription". */
    static JoinGroupRequestData join(String memberId, String instanceId, String... protocols) {
        JoinGroupRequestProtocolCollection collection = new JoinGroupRequestProtocolCollection();
        for (String name : protocols) {
            collection.add(new JoinGroupRequestProtocol().setName(name).setMetadata(bytes(name + "-subscription")));
        }
        return new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
            .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocolType("consumer")
            .setProtocols(collection);
    }

    static JoinGroupRequestData join(String memberId) {
        return join(memberId, null, "range");
    }

    static SyncGroupRequestData sync(String memberId, int generation, Map<String, byte[]> assignments) {
        List<SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((id, bytes) -> list.add(new SyncGroupRequestAssignment().setMemberId(id).setAssignment(bytes)));
        return new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId).setGenerationId(generation)
            .setAssignments(list);
    }

    static SyncGroupRequestData follow(String memberId, int generation) {
        return sync(memberId, generation, Map.of());
    }

    static HeartbeatRequestData heartbeat(String memberId, int generation) {
        return new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId).setGenerationId(generation);
    }

    static LeaveGroupRequestData leave(String memberId) {
        return new LeaveGroupRequestData().setGroupId(GROUP).setMemberId(memberId);
    }

    static LeaveGroupRequestData leaveMembers(MemberIdentity... members) {
        return new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(members));
    }

    static OffsetCommitRequestData commit(String memberId, int generation, String topic, int partition, long offset) {
        return new OffsetCommitRequestData().setGroupId(GROUP).setMemberId(memberId)
            .setGenerationIdOrMemberEpoch(generation)
            .setTopics(List.of(new OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(partition).setCommittedOffset(offset)
                    .setCommittedLeaderEpoch(7).setCommittedMetadata("m" + offset)))));
    }

    static OffsetCommitRequestData standaloneCommit(String topic, int partition, long offset) {
        return commit("", -1, topic, partition, offset);
    }

    static OffsetFetchRequestData fetch(String topic, Integer... partitions) {
        return new OffsetFetchRequestData().setGroupId(GROUP).setTopics(List.of(
            new OffsetFetchRequestTopic().setName(topic).setPartitionIndexes(List.of(partitions))));
    }

    static OffsetFetchRequestData fetchAll() {
        return new OffsetFetchRequestData().setGroupId(GROUP).setTopics(null);
    }
}
