package dev.crucible.broker.api;

import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * The answers of a broker that does not coordinate the group a request names (NOT_COORDINATOR, which
 * sends a client back to FindCoordinator), shaped as each API's response.
 */
final class NotCoordinator {
    private static final short CODE = Errors.NOT_COORDINATOR.code();

    private NotCoordinator() {
    }

    static ApiMessage join(short version) {
        return new JoinGroupResponseData().setErrorCode(CODE).setGenerationId(-1).setMemberId("").setLeader("")
            .setProtocolName(version >= 7 ? null : "");
    }

    static ApiMessage sync() {
        return new SyncGroupResponseData().setErrorCode(CODE).setAssignment(new byte[0]);
    }

    static ApiMessage heartbeat() {
        return new HeartbeatResponseData().setErrorCode(CODE);
    }

    static ApiMessage leave() {
        return new LeaveGroupResponseData().setErrorCode(CODE);
    }

    static ApiMessage commit(OffsetCommitRequestData request) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic out = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                .setName(t.name()).setTopicId(t.topicId());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                out.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(CODE));
            }
            response.topics().add(out);
        }
        return response;
    }

    static ApiMessage fetch(short version, OffsetFetchRequestData request) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : request.groups()) {
                response.groups().add(new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(g.groupId()).setErrorCode(CODE));
            }
            return response;
        }
        return response.setErrorCode(CODE);
    }

    static DescribeGroupsResponseData.DescribedGroup described(String group) {
        return new DescribeGroupsResponseData.DescribedGroup().setGroupId(group).setErrorCode(CODE).setGroupState("")
            .setProtocolType("").setProtocolData("");
    }
}
