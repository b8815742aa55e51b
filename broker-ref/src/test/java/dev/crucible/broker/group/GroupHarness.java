package dev.crucible.broker.group;

import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A coordinator on a manual clock, a deterministic scheduler and an in-memory offset store. */
final class GroupHarness implements AutoCloseable {
    static final short V9 = 9;
    static final int INITIAL_DELAY_MS = 3_000;

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final DeterministicScheduler scheduler = new DeterministicScheduler(clock);
    final MemoryOffsetStore store;
    final GroupCoordinator coordinator;

    GroupHarness() {
        this(GroupConfig.DEFAULT, new MemoryOffsetStore());
    }

    GroupHarness(GroupConfig config) {
        this(config, new MemoryOffsetStore());
    }

    GroupHarness(GroupConfig config, MemoryOffsetStore store) {
        this(config, store, false);
    }

    /** @param replicated a cluster's coordinator: memberships written to and restored from the store */
    GroupHarness(GroupConfig config, MemoryOffsetStore store, boolean replicated) {
        this.store = store;
        try {
            this.coordinator = replicated ? GroupCoordinator.openReplicated(config, store, new GroupTimers(scheduler, clock))
                : GroupCoordinator.open(config, store, new GroupTimers(scheduler, clock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CompletableFuture<JoinGroupResponseData> join(short version, String clientId, JoinGroupRequestData request) {
        return coordinator.joinGroup(version, clientId, "/127.0.0.1", request);
    }

    /** A v9 newcomer: MEMBER_ID_REQUIRED, then the rejoin with the given id; returns the rejoin. */
    CompletableFuture<JoinGroupResponseData> joinNew(String clientId) {
        JoinGroupResponseData first = join(V9, clientId, Requests.join("")).getNow(null);
        assertThat(first).as("first join is answered at once").isNotNull();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith(clientId + "-");
        return join(V9, clientId, Requests.join(first.memberId()));
    }

    static <T> T done(CompletableFuture<T> future) {
        assertThat(future).as("answered").isDone();
        return future.join();
    }

    CompletableFuture<SyncGroupResponseData> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        return coordinator.syncGroup((short) 5, Requests.sync(memberId, generation, assignments));
    }

    Errors heartbeat(String memberId, int generation) {
        HeartbeatResponseData response = done(coordinator.heartbeat((short) 4, Requests.heartbeat(memberId, generation)));
        return Errors.forCode(response.errorCode());
    }

    Errors commit(OffsetCommitRequestData request) {
        OffsetCommitResponseData response = done(coordinator.commitOffsets(V9, request));
        return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    OffsetFetchResponseData.OffsetFetchResponsePartition fetchOne(String topic, int partition) {
        OffsetFetchRequestData request = Requests.fetch(topic, partition);
        OffsetFetchResponseData response = done(coordinator.fetchOffsets((short) 7, request));
        return response.topics().get(0).partitions().get(0);
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
