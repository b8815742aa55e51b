package dev.crucible.broker.api;

import dev.crucible.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/** The classic consumer-group APIs, handed to the {@link GroupCoordinator}. */
public final class GroupHandler implements RequestHandler {
    private final GroupCoordinator groups;

    public GroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    /** Registers this handler for every group API. */
    public void register(java.util.function.BiConsumer<ApiKeys, RequestHandler> into) {
        for (ApiKeys api : new ApiKeys[] {ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP,
            ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS}) {
            into.accept(api, this);
        }
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext c, ApiMessage r) {
        short v = c.version();
        return switch (c.api()) {
            case JOIN_GROUP -> widen(groups.joinGroup(v, c.clientId(), c.clientHost(), (JoinGroupRequestData) r));
            case SYNC_GROUP -> widen(groups.syncGroup(v, (SyncGroupRequestData) r));
            case HEARTBEAT -> widen(groups.heartbeat(v, (HeartbeatRequestData) r));
            case LEAVE_GROUP -> widen(groups.leaveGroup(v, (LeaveGroupRequestData) r));
            case OFFSET_COMMIT -> widen(groups.commitOffsets(v, (OffsetCommitRequestData) r));
            case OFFSET_FETCH -> widen(groups.fetchOffsets(v, (OffsetFetchRequestData) r));
            case LIST_GROUPS -> CompletableFuture.completedFuture(groups.listGroups(v, (ListGroupsRequestData) r));
            case DESCRIBE_GROUPS -> CompletableFuture.completedFuture(groups.describeGroups(v, (DescribeGroupsRequestData) r));
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("not a group API: " + c.api()));
        };
    }

    private static CompletableFuture<ApiMessage> widen(CompletableFuture<? extends ApiMessage> f) {
        return f.thenApply(m -> m);
    }
}
