package dev.crucible.broker.api;

import dev.crucible.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
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
import java.util.function.Predicate;

/**
 * The classic consumer-group APIs, handed to the {@link GroupCoordinator}. In a cluster a group
 * belongs to one broker ({@link dev.crucible.broker.cluster.ClusterView#coordinatorFor}); requests for
 * another broker's group are answered NOT_COORDINATOR, so no group's offsets are split over brokers.
 */
public final class GroupHandler implements RequestHandler {
    private final GroupCoordinator groups;
    private final Predicate<String> coordinates;

    public GroupHandler(GroupCoordinator groups) {
        this(groups, group -> true);
    }

    /** @param coordinates whether this broker coordinates a group id */
    public GroupHandler(GroupCoordinator groups, Predicate<String> coordinates) {
        this.groups = groups;
        this.coordinates = coordinates;
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
        ApiMessage refused = refusal(c.api(), v, r);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        if (c.api() == ApiKeys.DESCRIBE_GROUPS) {
            return CompletableFuture.completedFuture(describe(v, (DescribeGroupsRequestData) r));
        }
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

    /** The NOT_COORDINATOR answer when the request names a group of another broker; null when it is ours. */
    private ApiMessage refusal(ApiKeys api, short v, ApiMessage r) {
        return switch (api) {
            case JOIN_GROUP -> coordinates.test(((JoinGroupRequestData) r).groupId()) ? null : NotCoordinator.join(v);
            case SYNC_GROUP -> coordinates.test(((SyncGroupRequestData) r).groupId()) ? null : NotCoordinator.sync();
            case HEARTBEAT -> coordinates.test(((HeartbeatRequestData) r).groupId()) ? null : NotCoordinator.heartbeat();
            case LEAVE_GROUP -> coordinates.test(((LeaveGroupRequestData) r).groupId()) ? null : NotCoordinator.leave();
            case OFFSET_COMMIT -> coordinates.test(((OffsetCommitRequestData) r).groupId()) ? null
                : NotCoordinator.commit((OffsetCommitRequestData) r);
            case OFFSET_FETCH -> ours((OffsetFetchRequestData) r, v) ? null : NotCoordinator.fetch(v, (OffsetFetchRequestData) r);
            default -> null;
        };
    }

    private boolean ours(OffsetFetchRequestData r, short v) {
        if (v < 8) {
            return coordinates.test(r.groupId());
        }
        for (OffsetFetchRequestData.OffsetFetchRequestGroup g : r.groups()) {
            if (!coordinates.test(g.groupId())) {
                return false;
            }
        }
        return true;
    }

    /** Our groups described by the coordinator, the others NOT_COORDINATOR, in the order asked. */
    private ApiMessage describe(short v, DescribeGroupsRequestData r) {
        DescribeGroupsRequestData mine = r.duplicate();
        mine.groups().removeIf(g -> !coordinates.test(g));
        DescribeGroupsResponseData answered = groups.describeGroups(v, mine);
        DescribeGroupsResponseData response = answered.duplicate();
        response.groups().clear();
        java.util.Iterator<DescribeGroupsResponseData.DescribedGroup> it = answered.groups().iterator();
        for (String g : r.groups()) {
            response.groups().add(coordinates.test(g) && it.hasNext() ? it.next() : NotCoordinator.described(g));
        }
        return response;
    }

    private static CompletableFuture<ApiMessage> widen(CompletableFuture<? extends ApiMessage> f) {
        return f.thenApply(m -> m);
    }
}
