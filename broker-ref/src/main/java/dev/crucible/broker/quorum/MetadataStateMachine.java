package dev.crucible.broker.quorum;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.MetadataCodec;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataSnapshot;
import dev.crucible.broker.metadata.MetadataState;
import dev.crucible.broker.metadata.Outcome;
import org.apache.kafka.common.protocol.Errors;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Ratis state machine of the cluster metadata: each committed entry is one {@link Command}, applied
 * by {@link MetadataState} in log order (never throwing: a refusal is the entry's reply). Snapshots are
 * one {@link MetadataSnapshot} file named by Ratis' term and index. Read-only queries carry heartbeats
 * (answered by the {@link ControllerDuties} of the active controller) and image requests from
 * broker-only nodes.
 */
final class MetadataStateMachine extends BaseStateMachine {
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final ControllerDuties duties;
    private final Consumer<MetadataImage> published;
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile RaftPeerId leader;

    MetadataStateMachine(ControllerDuties duties, Consumer<MetadataImage> published) {
        this.duties = duties;
        this.published = published;
    }

    MetadataImage image() {
        return image;
    }

    RaftPeerId leader() {
        return leader;
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        loadSnapshot();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader, and checks it is PAUSED before reinitializing. */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        loadSnapshot(); // after the leader installed a snapshot here
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private synchronized void loadSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        MetadataImage loaded = MetadataSnapshot.read(file.toPath());
        image = loaded;
        setLastAppliedTermIndex(snapshot.getTermIndex());
        BrokerLog.info("metadata: loaded snapshot " + file.getName() + " (" + loaded + ")");
        published.accept(loaded);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Outcome outcome;
        synchronized (this) {
            Command command;
            try {
                command = MetadataCodec.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
            } catch (IllegalArgumentException e) {
                command = null;
            }
            if (command != null) {
                MetadataState.Applied applied = MetadataState.apply(image, entry.getIndex(), command);
                image = applied.image();
                outcome = applied.outcome();
            } else {
                outcome = Outcome.refused(Errors.CORRUPT_MESSAGE, "entry " + entry.getIndex() + " is not a command");
            }
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        published.accept(image);
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(outcome))));
    }

    @Override
    public long takeSnapshot() throws IOException {
        MetadataImage current;
        TermIndex last;
        synchronized (this) {
            current = image;
            last = getLastAppliedTermIndex();
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        MetadataSnapshot.write(file.toPath(), current);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file)),
            last));
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        ByteBuffer in = request.getContent().asReadOnlyByteBuffer();
        try {
            byte type = in.get();
            if (type == QueryCodec.HEARTBEAT) {
                byte status = duties.heartbeat(in.getInt(), in.getLong(), in.getLong());
                if (status < 0) {
                    return CompletableFuture.failedFuture(new IOException("not the active controller"));
                }
                return reply(new byte[] {status});
            }
            if (type == QueryCodec.IMAGE) {
                long since = in.getLong();
                MetadataImage current = image;
                if (current.appliedIndex() <= since) {
                    return reply(new byte[] {QueryCodec.IMAGE_UNCHANGED});
                }
                byte[] body = MetadataCodec.encode(current);
                return reply(ByteBuffer.allocate(1 + body.length).put(QueryCodec.IMAGE_FOLLOWS).put(body).array());
            }
            return CompletableFuture.failedFuture(new IOException("unknown query type " + type));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IOException("malformed query: " + e));
        }
    }

    private static CompletableFuture<Message> reply(byte[] bytes) {
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(bytes)));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        leader = newLeader;
        if (!member.getPeerId().equals(newLeader)) {
            duties.resign();
        }
    }

    @Override
    public void notifyLeaderReady() {
        duties.becomeActive();
        BrokerLog.info("metadata: this node is the active controller (" + getId() + ")");
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pending) {
        duties.resign();
    }
}
