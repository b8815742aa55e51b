package dev.crucible.broker.quorum;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.MetadataCodec;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataQuorum;
import dev.crucible.broker.metadata.Outcome;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The metadata quorum on Apache Ratis (gRPC transport). A voter runs a Raft server with the
 * {@link MetadataStateMachine} and has the image locally; a broker-only node is a Ratis client that
 * fetches the image from the active controller when it changed. Every call is asynchronous with
 * bounded retries (Ratis' default client retries forever), so a broker never waits for a quorum that
 * is not there.
 */
public final class RatisMetadataQuorum implements MetadataQuorum {
    /** How long a submitted command may take, retries included, before its future fails. */
    static final long SUBMIT_TIMEOUT_MS = 30_000;
    private static final long POLL_MS = 200;
    /** How long a submit waits for this node's image to include its entry before answering anyway. */
    private static final long LOCAL_CATCH_UP_MS = 5_000;

    private final QuorumSettings settings;
    private final RaftGroup group;
    private final ImagePublisher publisher = new ImagePublisher();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crucible-metadata-timer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean polling = new AtomicBoolean();
    private RaftServer server;
    private MetadataStateMachine stateMachine;
    private RaftProperties properties;
    private volatile RaftClient client;
    private RaftClient queryClient;
    private boolean closed;

    private RatisMetadataQuorum(QuorumSettings settings) {
        this.settings = settings;
        List<RaftPeer> peers = new ArrayList<>();
        for (QuorumSettings.Voter v : settings.voters()) {
            peers.add(RaftPeer.newBuilder().setId(v.peerId()).setAddress(v.address()).build());
        }
        this.group = RaftGroup.valueOf(RaftGroupId.valueOf(groupUuid(settings.clusterName())), peers);
    }

    /** The Raft group's id, equal on every node configured with the same cluster name. */
    public static UUID groupUuid(String clusterName) {
        return UUID.nameUUIDFromBytes(("crucible-metadata:" + clusterName).getBytes(StandardCharsets.UTF_8));
    }

    /** Starts this node's part: the Raft server (voters) and the clients. Returns at once; the quorum forms in the background. */
    public static RatisMetadataQuorum start(QuorumSettings settings) throws IOException {
        RatisMetadataQuorum q = new RatisMetadataQuorum(settings);
        try {
            q.startParts();
        } catch (IOException | RuntimeException e) {
            q.close();
            throw e;
        }
        return q;
    }

    private void startParts() throws IOException {
        properties = properties();
        // the clients first: the timer's tasks use them from their first run
        client = newWriteClient();
        // heartbeats and image polls: short attempts, so a dead controller costs a fraction of a session, not several
        RaftProperties quick = properties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(quick, TimeDuration.valueOf(Math.max(200, settings.sessionTimeoutMs() / 4),
            TimeUnit.MILLISECONDS));
        queryClient = RaftClient.newBuilder().setProperties(quick).setRaftGroup(group)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3, TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)))
            .build();
        if (settings.self() != null) {
            ControllerDuties duties = new ControllerDuties(settings.sessionTimeoutMs(), System::nanoTime, this::image, this::submit);
            stateMachine = new MetadataStateMachine(duties, publisher);
            RaftServerConfigKeys.setStorageDir(properties, List.of(settings.storageDir().toFile()));
            GrpcConfigKeys.Server.setHost(properties, settings.bindHost());
            GrpcConfigKeys.Server.setPort(properties, settings.self().port());
            server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(settings.self().peerId()))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(stateMachine)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
            server.start();
            long tick = Math.max(50, Math.min(250, settings.sessionTimeoutMs() / 4));
            timer.scheduleWithFixedDelay(() -> keepRunning("controller duties", duties::tick), tick, tick, TimeUnit.MILLISECONDS);
        } else {
            timer.scheduleWithFixedDelay(() -> keepRunning("image poll", this::pollImage), 0, POLL_MS, TimeUnit.MILLISECONDS);
        }
        BrokerLog.info("metadata: quorum " + settings.voters().stream().map(QuorumSettings.Voter::address).toList()
            + (settings.self() != null ? ", this node votes as " + settings.self().address() + " (log in " + settings.storageDir() + ")"
            : ", this node is broker-only"));
    }

    /** Runs a periodic task; a task that throws would never be scheduled again, so it is logged instead. */
    private static void keepRunning(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            BrokerLog.warn("metadata: " + what + " failed: " + e);
        }
    }

    /** The Raft server of a voter (null on a broker-only node), for tests that look at its divisions. */
    RaftServer server() {
        return server;
    }

    private RaftProperties properties() {
        RaftProperties p = new RaftProperties();
        TimeDuration min = TimeDuration.valueOf(settings.electionTimeoutMs(), TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, min.multiply(2));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, settings.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2); // the newest two snapshots; older ones are deleted
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true); // and the log entries a snapshot holds
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        return p;
    }

    private RaftClient newWriteClient() {
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(20, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS)))
            .build();
    }

    /**
     * Writes go through Ratis' ordered asynchronous API, whose sliding window closes for good once one
     * request fails (retries used up, say while no quorum exists): every later send would fail at once.
     * So a failed send replaces the client; reads use the unordered API, which has no such window.
     */
    private synchronized void replaceWriteClient(RaftClient failed) {
        if (closed || client != failed) {
            return;
        }
        client = newWriteClient();
        try {
            failed.close();
        } catch (IOException e) {
            BrokerLog.warn("metadata: while closing a failed client: " + e);
        }
    }

    @Override
    public CompletableFuture<Outcome> submit(Command command) {
        Message message;
        try {
            message = Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(command)));
        } catch (RuntimeException e) { // a string longer than 65535 UTF-8 bytes: a failed future, as the interface promises
            return CompletableFuture.failedFuture(e);
        }
        RaftClient writer = client;
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = writer.async().send(message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reply, error) -> {
            if (error != null) {
                replaceWriteClient(writer);
            }
        });
        // answered once this node's own image has the entry too, so what the client asks next here already sees it
        // (a follower or a broker-only node is a moment behind the leader); a node that cannot catch up answers anyway
        return sent
            .thenApply(RatisMetadataQuorum::successful)
            .thenCompose(reply -> publisher.reached(reply.getLogIndex()).completeOnTimeout(null, LOCAL_CATCH_UP_MS, TimeUnit.MILLISECONDS)
                .thenApply(v -> MetadataCodec.decodeOutcome(reply.getMessage().getContent().toByteArray())))
            .orTimeout(SUBMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private static RaftClientReply successful(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new CompletionException(reply.getException() != null ? reply.getException()
                : new IOException("the metadata quorum did not accept the request"));
        }
        return reply;
    }

    @Override
    public MetadataImage image() {
        return stateMachine != null ? stateMachine.image() : publisher.latest();
    }

    @Override
    public void subscribe(Consumer<MetadataImage> listener) {
        publisher.subscribe(listener);
    }

    @Override
    public CompletableFuture<HeartbeatReply> heartbeat(int brokerId, long brokerEpoch, long appliedIndex) {
        Message message = Message.valueOf(ByteString.copyFrom(QueryCodec.heartbeat(brokerId, brokerEpoch, appliedIndex)));
        RaftPeerId leader = stateMachine != null ? stateMachine.leader() : null;
        // to the leader this node knows of (a voter learns of a new one at once), else wherever the client thinks
        CompletableFuture<RaftClientReply> sent = leader != null ? queryClient.async().sendReadOnlyUnordered(message, leader)
            : queryClient.async().sendReadOnlyUnordered(message);
        return sent
            .thenApply(RatisMetadataQuorum::successful)
            .thenApply(reply -> {
                byte status = reply.getMessage().getContent().byteAt(0);
                return new HeartbeatReply(status == QueryCodec.STATUS_FENCED, status == QueryCodec.STATUS_UNKNOWN_EPOCH);
            })
            .orTimeout(SUBMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private void pollImage() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        Message message = Message.valueOf(ByteString.copyFrom(QueryCodec.imageSince(publisher.latest().appliedIndex())));
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = queryClient.async().sendReadOnlyUnordered(message);
        } catch (RuntimeException e) {
            polling.set(false);
            throw e;
        }
        sent.whenComplete((reply, error) -> {
            polling.set(false);
            if (error != null || !reply.isSuccess()) {
                return; // no controller reachable: try again on the next tick
            }
            ByteBuffer content = reply.getMessage().getContent().asReadOnlyByteBuffer();
            if (content.hasRemaining() && content.get() == QueryCodec.IMAGE_FOLLOWS) {
                byte[] body = new byte[content.remaining()];
                content.get(body);
                try {
                    publisher.accept(MetadataCodec.decodeImage(body));
                } catch (IllegalArgumentException e) {
                    BrokerLog.warn("metadata: the controller sent an image this node cannot read: " + e.getMessage());
                }
            }
        });
    }

    @Override
    public int activeController() {
        RaftPeerId leader = stateMachine != null ? stateMachine.leader() : queryClient == null ? null : queryClient.getLeaderId();
        if (leader == null) {
            return -1;
        }
        for (QuorumSettings.Voter v : settings.voters()) {
            if (v.peerId().equals(leader.toString())) {
                return v.nodeId();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
        for (AutoCloseable c : Arrays.asList(queryClient, client, server, publisher)) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    BrokerLog.warn("metadata: while stopping the quorum: " + e);
                }
            }
        }
    }
}
