package dev.crucible.broker.group;

import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit: checks the committer against the group (Kafka's rules: a member of the current
 * generation, or generation -1 with no member id while the group is empty), appends the offsets to the
 * offsets log, and answers only from the append's callback, once they are durable. The in-memory
 * offsets change at that moment too, in log order, so a fetch never sees an offset that could be lost.
 */
final class OffsetCommitHandler {
    /** Kafka's {@code offset.metadata.max.bytes}: longer metadata gets OFFSET_METADATA_TOO_LARGE. */
    static final int MAX_METADATA_LENGTH = 4096;

    private final GroupRegistry registry;
    private final Rebalancer rebalancer;
    private final GroupTimers timers;
    private final OffsetStore store;

    OffsetCommitHandler(GroupRegistry registry, Rebalancer rebalancer, GroupTimers timers, OffsetStore store) {
        this.registry = registry;
        this.rebalancer = rebalancer;
        this.timers = timers;
        this.store = store;
    }

    /**
     * Runs with the group locked. The append is queued here, under the lock, so commits reach the log
     * in the order they were validated (a later commit, or a fenced member's, can never land after the
     * one validated after it); it is sent to the log after the lock is released.
     */
    void handle(ClassicGroup group, short version, OffsetCommitRequestData request,
                CompletableFuture<OffsetCommitResponseData> future, Completions done) {
        String instanceId = version >= 7 ? request.groupInstanceId() : null;
        Errors error = validate(group, request.memberId(), instanceId, request.generationIdOrMemberEpoch());
        if (error != Errors.NONE) {
            done.complete(future, uniform(version, request, error));
            return;
        }
        GroupMember member = group.member(request.memberId());
        if (member != null) {
            rebalancer.touch(group, member);
        }
        long nowMs = timers.nowMs();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<OffsetCommitResponsePartition> accepted = new ArrayList<>();
        List<OffsetKey> keys = new ArrayList<>();
        List<CommittedOffset> values = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic answer = topic(version, topic);
            response.topics().add(answer);
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                Errors partitionError = partitionError(version, partition);
                OffsetCommitResponsePartition entry = new OffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(partitionError.code());
                answer.partitions().add(entry);
                if (partitionError == Errors.NONE) {
                    accepted.add(entry);
                    keys.add(new OffsetKey(group.groupId, topic.name(), partition.partitionIndex()));
                    values.add(new CommittedOffset(partition.committedOffset(),
                        version >= 6 ? partition.committedLeaderEpoch() : -1, metadataOf(partition), nowMs));
                }
            }
        }
        if (keys.isEmpty()) {
            done.complete(future, response);
            return;
        }
        group.pendingCommits++;
        ByteBuffer batches = OffsetRecordCodec.batches(keys, values, nowMs, store.maxBatchBytes());
        store.append(batches, failure -> onAppended(group, keys, values, failure, accepted, response, future));
        done.afterUnlock(store::flush);
    }

    /** Kafka's ClassicGroup offset-commit check. */
    private static Errors validate(ClassicGroup group, String memberId, String instanceId, int generationId) {
        if (generationId < 0 && group.isIn(GroupState.EMPTY)) {
            return Errors.NONE;
        }
        if (generationId >= 0 || !memberId.isEmpty() || instanceId != null) {
            Errors member = MemberChecks.validateMember(group, memberId, instanceId);
            if (member != Errors.NONE) {
                return member;
            }
            if (generationId != group.generationId) {
                return Errors.ILLEGAL_GENERATION;
            }
        } else {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return group.isIn(GroupState.COMPLETING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    private static Errors partitionError(short version, OffsetCommitRequestPartition partition) {
        if (version >= 10) {
            return Errors.UNKNOWN_TOPIC_ID;
        }
        String metadata = partition.committedMetadata();
        return metadata != null && metadata.length() > MAX_METADATA_LENGTH ? Errors.OFFSET_METADATA_TOO_LARGE : Errors.NONE;
    }

    /** Kafka stores a null metadata string as the empty one, and answers fetches with it. */
    private static String metadataOf(OffsetCommitRequestPartition partition) {
        return partition.committedMetadata() == null ? "" : partition.committedMetadata();
    }

    private void onAppended(ClassicGroup group, List<OffsetKey> keys, List<CommittedOffset> values, Throwable failure,
                            List<OffsetCommitResponsePartition> accepted, OffsetCommitResponseData response,
                            CompletableFuture<OffsetCommitResponseData> future) {
        registry.withGroup(group, (g, done) -> {
            g.pendingCommits--;
            if (failure == null) {
                for (int i = 0; i < keys.size(); i++) {
                    g.putOffset(keys.get(i).topic(), keys.get(i).partition(), values.get(i));
                }
            }
        });
        if (failure != null) {
            // the broker's storage failed or is closing; the client retries on this retriable error
            accepted.forEach(p -> p.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
        future.complete(response);
    }

    private static OffsetCommitResponseTopic topic(short version, OffsetCommitRequestTopic topic) {
        OffsetCommitResponseTopic answer = new OffsetCommitResponseTopic();
        return version >= 10 ? answer.setTopicId(topic.topicId()) : answer.setName(topic.name());
    }

    /** The same error for every partition of the request. */
    static OffsetCommitResponseData uniform(short version, OffsetCommitRequestData request, Errors error) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic answer = topic(version, topic);
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                answer.partitions().add(new OffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(answer);
        }
        return response;
    }
}
