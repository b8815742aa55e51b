package dev.crucible.broker.group;

import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.OrderedAppender;
import org.agrona.concurrent.EpochClock;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The single-node group coordinator for Kafka's classic consumer-group protocol (JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup) and for committed offsets (OffsetCommit, OffsetFetch), plus ListGroups and
 * DescribeGroups. Requests and responses are kafka-clients' generated message classes; each response
 * holds only fields its version has, so it serializes at the version it answers.
 *
 * <p>Every method is non-blocking and safe to call from any thread (the network layer calls it on its
 * event loops). A group is changed under its own lock; futures are completed after the lock is
 * released, on the calling thread when the answer is immediate, on the timer thread when a rebalance
 * ends by timeout, or on the log writer's thread when an offset commit becomes durable.
 *
 * <p>Committed offsets live in the broker's own log (see {@link OffsetRecordCodec} for the format) and
 * are restored by replaying it at {@link #open}; membership is not persisted: consumers rejoin after a
 * restart.
 */
public final class GroupCoordinator implements AutoCloseable {
    /** How long a commit may wait for room in the log writer's queue before it fails (the client retries). */
    private static final long APPEND_GIVE_UP_MS = 30_000;
    private final GroupConfig config;
    private final GroupRegistry registry = new GroupRegistry();
    private final OffsetStore store;
    private String compaction;
    private final Rebalancer rebalancer;
    private final JoinGroupHandler joins;
    private final SyncGroupHandler syncs;
    private final HeartbeatHandler heartbeats;
    private final LeaveGroupHandler leaves;
    private final OffsetCommitHandler commits;
    private final OffsetFetchHandler fetches;
    private final GroupListing listing;
    private volatile boolean closed;

    private GroupCoordinator(GroupConfig config, OffsetStore store, GroupTimers timers) {
        this(config, store, timers, MembershipLog.OFF);
    }

    private GroupCoordinator(GroupConfig config, OffsetStore store, GroupTimers timers, MembershipLog membership) {
        this.config = config;
        this.store = store;
        this.rebalancer = new Rebalancer(config, registry, timers, membership);
        this.joins = new JoinGroupHandler(config, rebalancer);
        this.syncs = new SyncGroupHandler(rebalancer, membership);
        this.heartbeats = new HeartbeatHandler(rebalancer);
        this.leaves = new LeaveGroupHandler(rebalancer);
        this.commits = new OffsetCommitHandler(registry, rebalancer, timers, store);
        this.fetches = new OffsetFetchHandler(registry);
        this.listing = new GroupListing(registry);
    }

    /**
     * Opens the offsets log in {@code offsetsLogDir} (recovering it), bound to {@code writer}, and
     * restores every group's committed offsets from it. Blocks while it reads the log: call it at
     * startup, not on an event loop.
     *
     * @param clock  "now" for session deadlines and commit timestamps
     * @param timers runs session, join and sync timeouts; the coordinator does not own or shut it down
     */
    public static GroupCoordinator open(GroupConfig config, Path offsetsLogDir, GroupCommitWriter writer,
                                        EpochClock clock, ScheduledExecutorService timers) throws IOException {
        return open(config, offsetsLogDir, writer, clock, timers, false, Log.ACTIVE_ONLY);
    }

    /**
     * As above; {@code cleanShutdown}: the offsets log was closed cleanly, its active segment is not
     * validated again; otherwise segments from {@code recoveryPoint} on are ({@link Log#open(Path,
     * dev.crucible.io.LogConfig, GroupCommitWriter, boolean, long)}).
     */
    public static GroupCoordinator open(GroupConfig config, Path offsetsLogDir, GroupCommitWriter writer,
                                        EpochClock clock, ScheduledExecutorService timers, boolean cleanShutdown,
                                        long recoveryPoint) throws IOException {
        GroupTimers groupTimers = new GroupTimers(timers, clock);
        OffsetsCompaction.settle(offsetsLogDir);
        Log log = Log.open(offsetsLogDir, config.offsetsLogConfig(), writer, cleanShutdown, recoveryPoint);
        try {
            OffsetsCompaction.Contents contents = OffsetsCompaction.read(log);
            Map<OffsetKey, CommittedOffset> live = contents.unexpired(clock.time(), config.offsetsRetentionMs());
            String compaction = null;
            if (contents.worthCompacting(live)) {
                log.close();
                log = null;
                compaction = OffsetsCompaction.rewrite(offsetsLogDir, contents, live, config.offsetsLogConfig(), writer,
                    clock.time(), config.offsetsLogConfig().maxBatchBytes());
                log = Log.open(offsetsLogDir, config.offsetsLogConfig(), writer, true, Long.MAX_VALUE); // just written
            }
            GroupCoordinator coordinator = new GroupCoordinator(config,
                new LogOffsetStore(log, new OrderedAppender(log, timers, APPEND_GIVE_UP_MS)), groupTimers);
            coordinator.restore(live);
            coordinator.compaction = compaction;
            return coordinator;
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
    }

    /** What the compaction at open did, or null when the offsets log did not need one. */
    public String compaction() {
        return compaction;
    }

    /** The offsets log's recovery point, for the broker's checkpoint. */
    public long recoveryPoint() {
        return store.recoveryPoint();
    }

    /** Opens over any offset store; tests use one they can hold back. */
    static GroupCoordinator open(GroupConfig config, OffsetStore store, GroupTimers timers) throws IOException {
        GroupCoordinator coordinator = new GroupCoordinator(config, store, timers);
        coordinator.restore(replayed(store).live());
        return coordinator;
    }

    /**
     * Opens over any offset store, membership written and restored as in a cluster ({@link MembershipLog});
     * tests use a store they can hold back or hand to a second coordinator.
     */
    static GroupCoordinator openReplicated(GroupConfig config, OffsetStore store, GroupTimers timers) throws IOException {
        GroupCoordinator coordinator = new GroupCoordinator(config, store, timers, new MembershipLog(store, timers));
        OffsetsCompaction.Contents contents = replayed(store);
        coordinator.restore(contents.unexpired(timers.nowMs(), config.offsetsRetentionMs()));
        coordinator.restoreMembers(contents.groups().values());
        return coordinator;
    }

    private static OffsetsCompaction.Contents replayed(OffsetStore store) throws IOException {
        OffsetsCompaction.Contents contents = new OffsetsCompaction.Contents();
        store.replay(batches -> OffsetRecordCodec.forEachRecord(batches, contents::add, contents::add));
        return contents;
    }

    /** Puts each group's last Stable membership back, every member's session starting now. */
    private void restoreMembers(java.util.Collection<GroupSnapshot> groups) {
        for (GroupSnapshot snapshot : groups) {
            if (snapshot.members().isEmpty() || snapshot.protocolName() == null) {
                continue;
            }
            registry.withGroup(snapshot.groupId(), true, (group, done) -> {
                if (group.size() > 0 || !group.isIn(GroupState.EMPTY)) {
                    return;
                }
                group.restoreStable(snapshot);
                for (GroupMember member : group.members()) {
                    rebalancer.touch(group, member);
                }
            });
        }
    }

    /**
     * Opens over an offset store kept by someone else (in a cluster: one partition of the replicated
     * offsets topic, which this broker now leads): replays it, keeping the offsets not older than
     * {@code offsets.retention} and each group's last Stable membership, and appends commits and
     * memberships to it. Blocks while it reads the store.
     */
    public static GroupCoordinator open(GroupConfig config, OffsetStore store, EpochClock clock, ScheduledExecutorService timers)
            throws IOException {
        return openReplicated(config, store, new GroupTimers(timers, clock));
    }

    /** Puts the stored offsets back into their groups. */
    private void restore(Map<OffsetKey, CommittedOffset> live) {
        live.forEach((key, value) -> registry.withGroup(key.groupId(), true,
            (group, done) -> group.putOffset(key.topic(), key.partition(), value)));
    }


    private static boolean invalidGroupId(String groupId) {
        return groupId == null || groupId.isEmpty();
    }

    /** JoinGroup, any version 0-9; completes when the join phase of the rebalance ends. */
    public CompletableFuture<JoinGroupResponseData> joinGroup(short version, String clientId, String clientHost,
                                                              JoinGroupRequestData request) {
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        Errors error = closed ? Errors.COORDINATOR_NOT_AVAILABLE
            : invalidGroupId(request.groupId()) ? Errors.INVALID_GROUP_ID
            : request.sessionTimeoutMs() < config.sessionTimeoutMinMs()
                || request.sessionTimeoutMs() > config.sessionTimeoutMaxMs() ? Errors.INVALID_SESSION_TIMEOUT
            : Errors.NONE;
        if (error == Errors.NONE) {
            // only a member without an id may create the group
            boolean found = registry.withGroup(request.groupId(), request.memberId().isEmpty(), (group, done) ->
                joins.handle(group, version, clientId, clientHost, request, future, done));
            if (!found) {
                error = Errors.UNKNOWN_MEMBER_ID;
            }
        }
        if (error != Errors.NONE) {
            future.complete(JoinResponses.error(request.memberId(), error));
        }
        return future;
    }

    /** SyncGroup, any version 0-5; a follower's completes when the leader's assignment arrives. */
    public CompletableFuture<SyncGroupResponseData> syncGroup(short version, SyncGroupRequestData request) {
        CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
        Errors error = closed ? Errors.COORDINATOR_NOT_AVAILABLE
            : invalidGroupId(request.groupId()) ? Errors.INVALID_GROUP_ID : Errors.NONE;
        if (error == Errors.NONE && !registry.withGroup(request.groupId(), false,
            (group, done) -> syncs.handle(group, version, request, future, done))) {
            error = Errors.UNKNOWN_MEMBER_ID;
        }
        if (error != Errors.NONE) {
            future.complete(JoinResponses.syncError(error));
        }
        return future;
    }

    /** Heartbeat, any version 0-4; always answered at once. */
    public CompletableFuture<HeartbeatResponseData> heartbeat(short version, HeartbeatRequestData request) {
        Errors error = closed ? Errors.COORDINATOR_NOT_AVAILABLE
            : invalidGroupId(request.groupId()) ? Errors.INVALID_GROUP_ID : Errors.NONE;
        HeartbeatResponseData[] response = new HeartbeatResponseData[1];
        if (error == Errors.NONE && !registry.withGroup(request.groupId(), false,
            (group, done) -> response[0] = heartbeats.handle(group, version, request))) {
            error = Errors.UNKNOWN_MEMBER_ID;
        }
        if (error != Errors.NONE) {
            response[0] = new HeartbeatResponseData().setErrorCode(error.code());
        }
        return CompletableFuture.completedFuture(response[0]);
    }

    /** LeaveGroup, any version 0-5 (v3+ may name several members); always answered at once. */
    public CompletableFuture<LeaveGroupResponseData> leaveGroup(short version, LeaveGroupRequestData request) {
        Errors error = closed ? Errors.COORDINATOR_NOT_AVAILABLE
            : invalidGroupId(request.groupId()) ? Errors.INVALID_GROUP_ID : Errors.NONE;
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(new LeaveGroupResponseData().setErrorCode(error.code()));
        }
        LeaveGroupResponseData[] response = new LeaveGroupResponseData[1];
        if (!registry.withGroup(request.groupId(), false,
            (group, done) -> response[0] = leaves.handle(group, version, request, done))) {
            response[0] = LeaveGroupHandler.unknownGroup(version, request);
        }
        return CompletableFuture.completedFuture(response[0]);
    }

    /**
     * OffsetCommit, versions 2-9 by topic name (v10's topic ids are answered UNKNOWN_TOPIC_ID). Completes
     * once the offsets are durable in the offsets log, on the log writer's thread.
     */
    public CompletableFuture<OffsetCommitResponseData> commitOffsets(short version, OffsetCommitRequestData request) {
        CompletableFuture<OffsetCommitResponseData> future = new CompletableFuture<>();
        Errors error = closed ? Errors.COORDINATOR_NOT_AVAILABLE
            : invalidGroupId(request.groupId()) ? Errors.INVALID_GROUP_ID : Errors.NONE;
        // only a standalone commit (generation -1) may create the group
        boolean standalone = request.generationIdOrMemberEpoch() < 0;
        if (error == Errors.NONE && !registry.withGroup(request.groupId(), standalone,
            (group, done) -> commits.handle(group, version, request, future, done))) {
            error = Errors.ILLEGAL_GENERATION;
        }
        if (error != Errors.NONE) {
            future.complete(OffsetCommitHandler.uniform(version, request, error));
        }
        return future;
    }

    /** OffsetFetch, versions 1-9 (v8+ with several groups); answered at once. */
    public CompletableFuture<OffsetFetchResponseData> fetchOffsets(short version, OffsetFetchRequestData request) {
        Errors error = closed ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.NONE;
        return CompletableFuture.completedFuture(fetches.handle(version, request, error));
    }

    /** ListGroups, any version 0-5, with the v4+ states filter and the v5+ types filter. */
    public ListGroupsResponseData listGroups(short version, ListGroupsRequestData request) {
        if (closed) {
            return new ListGroupsResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        return listing.list(version, request);
    }

    /** DescribeGroups, any version 0-6. */
    public DescribeGroupsResponseData describeGroups(short version, DescribeGroupsRequestData request) {
        if (closed) {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            request.groups().forEach(id -> response.groups().add(new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(id).setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())));
            return response;
        }
        return listing.describe(version, request);
    }

    /** Groups held in memory (live members or committed offsets); for tests and metrics. */
    int groupCount() {
        return registry.size();
    }

    /**
     * Answers every waiting JoinGroup and SyncGroup with COORDINATOR_NOT_AVAILABLE (clients look for the
     * coordinator again) and closes the offsets log. Commits not yet durable fail the same way.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ClassicGroup group : registry.snapshot()) {
            registry.withGroup(group, (g, done) -> rebalancer.failWaiters(g, Errors.COORDINATOR_NOT_AVAILABLE, done));
        }
        registry.close();
        store.close();
    }
}
