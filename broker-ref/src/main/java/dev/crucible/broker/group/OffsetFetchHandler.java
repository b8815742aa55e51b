package dev.crucible.broker.group;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OffsetFetch: the committed offsets of the named partitions (-1 and empty metadata where nothing was
 * committed), or of every partition the group committed when the topics are null. Answers are built
 * in the v8+ per-group shape and folded into the v1-7 single-group shape for older versions. With no
 * transactions there is never an unstable offset, so {@code requireStable} needs no waiting.
 */
final class OffsetFetchHandler {
    private final GroupRegistry registry;

    OffsetFetchHandler(GroupRegistry registry) {
        this.registry = registry;
    }

    /** The partitions asked for in one topic; topicId is set from v10 on, name before. */
    private record Wanted(String name, Uuid topicId, List<Integer> partitions) {
    }

    OffsetFetchResponseData handle(short version, OffsetFetchRequestData request, Errors coordinatorError) {
        if (version >= 8) {
            OffsetFetchResponseData response = new OffsetFetchResponseData();
            for (OffsetFetchRequestGroup group : request.groups()) {
                response.groups().add(fetch(version, group.groupId(), wantedV8(group.topics()), coordinatorError));
            }
            return response;
        }
        return fold(version, fetch(version, request.groupId(), wantedV0(request.topics()), coordinatorError));
    }

    private static List<Wanted> wantedV8(List<OffsetFetchRequestTopics> topics) {
        if (topics == null) {
            return null;
        }
        List<Wanted> wanted = new ArrayList<>(topics.size());
        topics.forEach(t -> wanted.add(new Wanted(t.name(), t.topicId(), t.partitionIndexes())));
        return wanted;
    }

    private static List<Wanted> wantedV0(List<OffsetFetchRequestTopic> topics) {
        if (topics == null) {
            return null;
        }
        List<Wanted> wanted = new ArrayList<>(topics.size());
        topics.forEach(t -> wanted.add(new Wanted(t.name(), Uuid.ZERO_UUID, t.partitionIndexes())));
        return wanted;
    }

    private OffsetFetchResponseGroup fetch(short version, String groupId, List<Wanted> wanted, Errors coordinatorError) {
        Errors error = coordinatorError != Errors.NONE ? coordinatorError
            : groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : Errors.NONE;
        OffsetFetchResponseGroup answer = new OffsetFetchResponseGroup().setGroupId(groupId).setErrorCode(error.code());
        if (error != Errors.NONE) {
            fill(version, answer, null, wanted == null ? List.of() : wanted, error);
            return answer;
        }
        boolean found = registry.withGroup(groupId, false, (group, done) -> fill(version, answer, group,
            wanted == null ? everything(version, group) : wanted, Errors.NONE));
        if (!found) {
            fill(version, answer, null, wanted == null ? List.of() : wanted, Errors.NONE);
        }
        return answer;
    }

    /** Every partition the group has an offset for (none at v10+, which names topics by unknown ids). */
    private static List<Wanted> everything(short version, ClassicGroup group) {
        List<Wanted> all = new ArrayList<>();
        if (version >= 10) {
            return all;
        }
        for (Map.Entry<String, TreeMap<Integer, CommittedOffset>> topic : group.offsets.entrySet()) {
            all.add(new Wanted(topic.getKey(), Uuid.ZERO_UUID, new ArrayList<>(topic.getValue().keySet())));
        }
        return all;
    }

    private static void fill(short version, OffsetFetchResponseGroup answer, ClassicGroup group, List<Wanted> wanted,
                             Errors error) {
        for (Wanted topic : wanted) {
            OffsetFetchResponseTopics entry = new OffsetFetchResponseTopics();
            if (version >= 10) {
                entry.setTopicId(topic.topicId());
            } else {
                entry.setName(topic.name());
            }
            Errors partitionError = error == Errors.NONE && version >= 10 ? Errors.UNKNOWN_TOPIC_ID : error;
            for (int partition : topic.partitions()) {
                CommittedOffset committed = group == null || version >= 10 ? null : group.offset(topic.name(), partition);
                entry.partitions().add(new OffsetFetchResponsePartitions()
                    .setPartitionIndex(partition)
                    .setCommittedOffset(committed == null ? -1 : committed.offset())
                    .setCommittedLeaderEpoch(committed == null ? -1 : committed.leaderEpoch())
                    .setMetadata(committed == null ? "" : committed.metadata())
                    .setErrorCode(partitionError.code()));
            }
            answer.topics().add(entry);
        }
    }

    /**
     * The v1-7 shape of one group's answer: the group error is top-level from v2 on; v1 has only
     * per-partition errors, which already carry it. Leader epochs exist from v5.
     */
    private static OffsetFetchResponseData fold(short version, OffsetFetchResponseGroup group) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 2) {
            response.setErrorCode(group.errorCode());
        }
        for (OffsetFetchResponseTopics topic : group.topics()) {
            OffsetFetchResponseTopic old = new OffsetFetchResponseTopic().setName(topic.name());
            for (OffsetFetchResponsePartitions p : topic.partitions()) {
                OffsetFetchResponsePartition partition = new OffsetFetchResponsePartition()
                    .setPartitionIndex(p.partitionIndex())
                    .setCommittedOffset(p.committedOffset())
                    .setMetadata(p.metadata())
                    .setErrorCode(p.errorCode());
                if (version >= 5) {
                    partition.setCommittedLeaderEpoch(p.committedLeaderEpoch());
                }
                old.partitions().add(partition);
            }
            response.topics().add(old);
        }
        return response;
    }
}
