package dev.crucible.broker.api;

import dev.crucible.broker.group.Coordinators;
import dev.crucible.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The classic consumer-group APIs, handed to the group's {@link GroupCoordinator}. In a cluster a group
 * belongs to the leader of its offsets-topic partition ({@link Coordinators}); requests for a group this
 * broker does not coordinate are answered NOT_COORDINATOR, so no group's offsets are split over brokers.
 * Requests naming several groups (OffsetFetch v8+, DescribeGroups) are answered group by group.
 */
public final class GroupHandler implements RequestHandler {
    private final Coordinators coordinators;

    public GroupHandler(GroupCoordinator groups) {
        this(Coordinators.single(groups));
    }

    public GroupHandler(Coordinators coordinators) {
        this.coordinators = coordinators;
    }

    /** Registers this handler for every group API. */
    public void register(java.util.function.BiConsumer<ApiKeys, RequestHandler> into) {
        for (ApiKeys api : new ApiKeys[] {ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP,
            ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS}) {
            into.accept(api, this);
        }
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext c, Object r) {
        short v = c.version();
        return switch (c.api()) {
            case JOIN_GROUP -> {
                JoinGroupRequestData join = (JoinGroupRequestData) r;
                yield route(join.groupId(), () -> NotCoordinator.join(v), g -> g.joinGroup(v, c.clientId(), c.clientHost(), join));
            }
            case SYNC_GROUP -> {
                SyncGroupRequestData sync = (SyncGroupRequestData) r;
                yield route(sync.groupId(), NotCoordinator::sync, g -> g.syncGroup(v, sync));
            }
            case HEARTBEAT -> {
                HeartbeatRequestData beat = (HeartbeatRequestData) r;
                yield route(beat.groupId(), NotCoordinator::heartbeat, g -> g.heartbeat(v, beat));
            }
            case LEAVE_GROUP -> {
                LeaveGroupRequestData leave = (LeaveGroupRequestData) r;
                yield route(leave.groupId(), NotCoordinator::leave, g -> g.leaveGroup(v, leave));
            }
            case OFFSET_COMMIT -> {
                OffsetCommitRequestData commit = (OffsetCommitRequestData) r;
                yield route(commit.groupId(), () -> NotCoordinator.commit(commit), g -> g.commitOffsets(v, commit));
            }
            case OFFSET_FETCH -> fetch(v, (OffsetFetchRequestData) r);
            case LIST_GROUPS -> done(list(v, (ListGroupsRequestData) r));
            case DESCRIBE_GROUPS -> done(describe(v, (DescribeGroupsRequestData) r));
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("not a group API: " + c.api()));
        };
    }

    /** The group's coordinator here answers, or {@code refusal} (NOT_COORDINATOR) when there is none. */
    private CompletableFuture<ApiMessage> route(String groupId, Supplier<ApiMessage> refusal,
                                                Function<GroupCoordinator, CompletableFuture<? extends ApiMessage>> call) {
        GroupCoordinator g = coordinators.of(groupId);
        return g == null ? done(refusal.get()) : widen(call.apply(g));
    }

    /** Before v8 one group; from v8 each group from its own coordinator (answered at once), in the order asked. */
    private CompletableFuture<ApiMessage> fetch(short v, OffsetFetchRequestData r) {
        if (v < 8) {
            return route(r.groupId(), () -> NotCoordinator.fetch(v, r), g -> g.fetchOffsets(v, r));
        }
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup wanted : r.groups()) {
            GroupCoordinator g = coordinators.of(wanted.groupId());
            OffsetFetchRequestData one = r.duplicate();
            one.groups().clear();
            one.groups().add(wanted.duplicate());
            OffsetFetchResponseData answered = g == null ? (OffsetFetchResponseData) NotCoordinator.fetch(v, one)
                : g.fetchOffsets(v, one).join(); // answered at once
            response.groups().addAll(answered.groups());
        }
        return done(response);
    }

    /** Every coordinator's groups; the first error any of them gives. */
    private ListGroupsResponseData list(short v, ListGroupsRequestData r) {
        ListGroupsResponseData response = new ListGroupsResponseData();
        for (GroupCoordinator g : coordinators.all()) {
            ListGroupsResponseData part = g.listGroups(v, r);
            if (response.errorCode() == 0 && part.errorCode() != 0) {
                response.setErrorCode(part.errorCode());
            }
            response.groups().addAll(part.groups());
        }
        return response;
    }

    /** Each group described by its coordinator, NOT_COORDINATOR for the others, in the order asked. */
    private DescribeGroupsResponseData describe(short v, DescribeGroupsRequestData r) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String id : r.groups()) {
            GroupCoordinator g = coordinators.of(id);
            if (g == null) {
                response.groups().add(NotCoordinator.described(id));
                continue;
            }
            DescribeGroupsRequestData one = r.duplicate();
            one.groups().clear();
            one.groups().add(id);
            response.groups().addAll(g.describeGroups(v, one).groups());
        }
        return response;
    }

    private static CompletableFuture<ApiMessage> done(ApiMessage m) {
        return CompletableFuture.completedFuture(m);
    }

    private static CompletableFuture<ApiMessage> widen(CompletableFuture<? extends ApiMessage> f) {
        return f.thenApply(m -> m);
    }
}
