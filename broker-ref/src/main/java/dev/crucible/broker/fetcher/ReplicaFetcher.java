package dev.crucible.broker.fetcher;

import dev.crucible.broker.cluster.ReplicaManager;
import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.config.ReplicationConfig;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.protocol.FollowerFetchCodec;
import dev.crucible.broker.replication.FollowerTruncation;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.LeaderEpochCache.EpochEnd;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Fetches every partition this broker follows on one leader broker, on its own thread with a blocking
 * socket (as Kafka's ReplicaFetcherThread does): request, long poll on the leader, apply the answer,
 * repeat. Socket failures reconnect after {@code replica.fetch.backoff.ms}.
 */
final class ReplicaFetcher implements AutoCloseable {
    /** Largest response frame accepted: a little over the fetch's own byte limit. */
    private static final int FRAME_SLACK = 1 << 20;

    private final int leaderId;
    private final int nodeId;
    private final ReplicaManager replicas;
    private final ReplicationConfig config;
    private final String listener;
    private final LongSupplier brokerEpoch;
    private final Thread thread;
    private final Object wake = new Object();
    private volatile List<ReplicatedPartition> partitions = List.of();
    private volatile boolean running = true;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int correlationId;
    private long lastWarningMs;

    /** What one request asked for one partition, to check the answer against. */
    private record Sent(ReplicatedPartition replica, int leaderEpoch, long fetchOffset) { }

    ReplicaFetcher(int leaderId, int nodeId, ReplicaManager replicas, ReplicationConfig config, String listener, LongSupplier brokerEpoch) {
        this.leaderId = leaderId;
        this.nodeId = nodeId;
        this.replicas = replicas;
        this.config = config;
        this.listener = listener;
        this.brokerEpoch = brokerEpoch;
        this.thread = new Thread(this::run, "replica-fetcher-" + nodeId + "-from-" + leaderId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The partitions to fetch from now on (those no longer following this leader are skipped anyway). */
    void partitions(List<ReplicatedPartition> value) {
        partitions = List.copyOf(value);
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            List<ReplicatedPartition> current = new ArrayList<>();
            for (ReplicatedPartition r : partitions) {
                if (r.followedLeader() == leaderId) {
                    current.add(r);
                }
            }
            if (current.isEmpty()) {
                pause(1_000);
                continue;
            }
            try {
                if (!fetchOnce(current)) {
                    pause(config.fetchBackoffMs());
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                disconnect();
                warn("fetching from broker " + leaderId + " failed: " + e + "; retrying in " + config.fetchBackoffMs() + " ms");
                pause(config.fetchBackoffMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        disconnect();
    }

    /** One fetch round; false when nothing could be done (every partition answered with an error). */
    private boolean fetchOnce(List<ReplicatedPartition> current) throws IOException, InterruptedException {
        connect();
        FetchRequestData request = new FetchRequestData()
            .setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(nodeId).setReplicaEpoch(brokerEpoch.getAsLong()))
            .setMaxWaitMs(config.fetchWaitMaxMs())
            .setMinBytes(config.fetchMinBytes())
            .setMaxBytes(config.fetchMaxBytes())
            .setIsolationLevel((byte) 0)
            .setSessionId(0)
            .setSessionEpoch(-1);
        Map<Uuid, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        Map<String, Sent> sent = new HashMap<>();
        for (ReplicatedPartition r : current) {
            Partition p = r.partition();
            int epoch = r.followedEpoch();
            long offset = p.logEndOffset();
            topics.computeIfAbsent(r.topicId(), id -> {
                FetchRequestData.FetchTopic t = new FetchRequestData.FetchTopic().setTopicId(id);
                request.topics().add(t);
                return t;
            }).partitions().add(new FetchRequestData.FetchPartition()
                .setPartition(p.index())
                .setCurrentLeaderEpoch(epoch)
                .setFetchOffset(offset)
                .setLastFetchedEpoch(r.lastFetchedEpoch())
                .setLogStartOffset(p.logStartOffset())
                .setPartitionMaxBytes(config.fetchMaxBytes()));
            sent.put(r.topicId() + "-" + p.index(), new Sent(r, epoch, offset));
        }
        int id = ++correlationId;
        ByteBuffer frame = FollowerFetchCodec.request(id, "broker-" + nodeId + "-fetcher", request);
        out.write(frame.array(), frame.arrayOffset(), frame.remaining());
        out.flush();
        int size = in.readInt();
        if (size < 0 || size > config.fetchMaxBytes() + FRAME_SLACK) {
            throw new IOException("fetch response of " + size + " bytes from broker " + leaderId);
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        FetchResponseData response = FollowerFetchCodec.response(ByteBuffer.wrap(bytes), id);
        if (response.errorCode() != Errors.NONE.code()) {
            warn("broker " + leaderId + " refused the fetch: " + Errors.forCode(response.errorCode()));
            return false;
        }
        boolean progress = false;
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            for (FetchResponseData.PartitionData pd : t.partitions()) {
                Sent s = sent.get(t.topicId() + "-" + pd.partitionIndex());
                if (s != null) {
                    progress |= apply(s, pd);
                }
            }
        }
        return progress;
    }

    /** Applies one partition's answer; true when it made progress (records, a cut, or an empty answer on a long poll). */
    private boolean apply(Sent s, FetchResponseData.PartitionData pd) throws IOException, InterruptedException {
        ReplicatedPartition r = s.replica();
        Partition p = r.partition();
        if (r.followedLeader() != leaderId || r.followedEpoch() != s.leaderEpoch() || p.logEndOffset() != s.fetchOffset()) {
            return true; // the replica moved on while the fetch was out: its answer is stale
        }
        Errors error = Errors.forCode(pd.errorCode());
        if (error == Errors.OFFSET_OUT_OF_RANGE && pd.highWatermark() >= 0 && s.fetchOffset() > pd.highWatermark()
            && s.fetchOffset() >= pd.logStartOffset()) {
            return cutToLeader(s, p, pd.highWatermark());
        }
        if (error != Errors.NONE) {
            if (error != Errors.NOT_LEADER_OR_FOLLOWER && error != Errors.UNKNOWN_LEADER_EPOCH && error != Errors.FENCED_LEADER_EPOCH) {
                warn("partition " + p + " fetch from broker " + leaderId + ": " + error);
            }
            return false;
        }
        FetchResponseData.EpochEndOffset diverging = pd.divergingEpoch();
        if (diverging.epoch() >= 0 || diverging.endOffset() >= 0) {
            EpochEnd leaderEnd = new EpochEnd(diverging.epoch(), diverging.endOffset());
            long cut = FollowerTruncation.truncationOffset(leaderEnd, p.log().endOffsetFor(diverging.epoch()), p.logEndOffset(),
                p.highWatermark());
            if (cut < p.highWatermark()) {
                BrokerLog.warn("partition " + p + " cuts below its high watermark " + p.highWatermark() + " to " + cut
                    + " (diverged from leader " + leaderId + " at " + leaderEnd + ")");
            }
            long end = p.truncateTo(cut);
            BrokerLog.info("partition " + p + " diverged from leader " + leaderId + " at epoch " + diverging.epoch() + " end "
                + diverging.endOffset() + ": log cut from " + s.fetchOffset() + " to " + end);
            return true;
        }
        if (pd.records() instanceof MemoryRecords records && records.sizeInBytes() > 0) {
            CompletableFuture<AppendRequest> done = new CompletableFuture<>();
            p.appendAsFollower(records.buffer(), done::complete);
            AppendRequest appended;
            try {
                appended = done.get(config.socketTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("appending to " + p + " did not finish: " + e, e);
            }
            if (!appended.succeeded()) {
                warn("partition " + p + " could not append the leader's batches: " + appended.error());
                return false;
            }
        }
        r.followerHighWatermark(pd.highWatermark());
        return true;
    }

    /**
     * The leader refused the fetch offset as beyond its log end (Kafka's follower then truncates to the leader's end): this
     * log holds records the leader does not, which no leader-epoch check removed (they are never committed ones when the
     * epoch checks run; in the broken pre-KIP-101 mode they may be). Cut to the leader's high watermark, which is at most its
     * log end, and fetch on from there.
     */
    private boolean cutToLeader(Sent s, Partition p, long leaderHighWatermark) throws IOException {
        if (leaderHighWatermark < p.highWatermark()) {
            BrokerLog.warn("partition " + p + " cuts below its high watermark " + p.highWatermark() + " to " + leaderHighWatermark
                + " (its log end " + s.fetchOffset() + " is beyond leader " + leaderId + "'s)");
        }
        long end = p.truncateTo(leaderHighWatermark);
        BrokerLog.info("partition " + p + " fetch offset " + s.fetchOffset() + " is beyond leader " + leaderId + "'s log end: log cut to"
            + " its high watermark " + end);
        return true;
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        BrokerRegistration leader = replicas.image().broker(leaderId);
        if (leader == null) {
            throw new IOException("broker " + leaderId + " is not registered");
        }
        Endpoint endpoint = leader.endpoint(listener);
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(config.socketTimeoutMs() + config.fetchWaitMaxMs());
            s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), config.socketTimeoutMs());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        out = s.getOutputStream();
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) { // closing a socket that failed
            }
        }
    }

    private void pause(long ms) {
        synchronized (wake) {
            try {
                wake.wait(Math.max(1, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void warn(String message) {
        long now = System.currentTimeMillis();
        if (now - lastWarningMs >= 5_000) {
            lastWarningMs = now;
            BrokerLog.warn(message);
        }
    }

    @Override
    public void close() {
        running = false;
        partitions(List.of());
        Socket s = socket;
        if (s != null) {
            try {
                s.close(); // unblocks a read in progress
            } catch (IOException ignored) { // already closed
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
