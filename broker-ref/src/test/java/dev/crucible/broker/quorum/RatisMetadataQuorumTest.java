package dev.crucible.broker.quorum;

import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.Command.CreateTopic;
import dev.crucible.broker.metadata.Command.RegisterBroker;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataSnapshot;
import dev.crucible.broker.metadata.Outcome;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.broker.metadata.TopicImage;
import dev.crucible.testing.Await;
import org.apache.kafka.common.Uuid;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@link RatisMetadataQuorum} voters and one broker-only node in this JVM, over gRPC on
 * loopback: each node registers its broker, heartbeats unfence them, a topic created from the
 * broker-only node reaches every image; the active controller is closed, the other two elect a new
 * one that still commits and fences the silent broker after its session; the closed node restarts
 * on its storage and catches up; a node restarted with only its snapshot (its log segments deleted)
 * loads it and catches up. All the while no term has two leaders.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RatisMetadataQuorumTest {
    private static final long SESSION_MS = 2_000;
    private static final long ELECTION_MS = 300;
    private static final long SNAPSHOT_EVERY = 5;
    private static final int BROKER_ONLY = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final String cluster = "quorum-test-" + Uuid.randomUuid();
    private final List<QuorumSettings.Voter> voters = new ArrayList<>();
    private final Map<Integer, RatisMetadataQuorum> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();
    private final Set<Integer> heartbeating = ConcurrentHashMap.newKeySet();
    private final Map<Long, Set<String>> leadersByTerm = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "quorum-test-heartbeats");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void closeEverything() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
        for (RatisMetadataQuorum q : nodes.values()) {
            q.close();
        }
        nodes.clear();
    }

    private QuorumSettings settings(int nodeId) {
        QuorumSettings.Voter self = nodeId == BROKER_ONLY ? null : voters.get(nodeId - 1);
        return new QuorumSettings(nodeId, voters, self, cluster, dir.resolve("node-" + nodeId), SESSION_MS, ELECTION_MS, SNAPSHOT_EVERY);
    }

    private RatisMetadataQuorum start(int nodeId) throws IOException {
        RatisMetadataQuorum q = RatisMetadataQuorum.start(settings(nodeId));
        nodes.put(nodeId, q);
        return q;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Outcome committed(RatisMetadataQuorum q, Command command) throws Exception {
        Outcome outcome = q.submit(command).get(30, TimeUnit.SECONDS);
        assertThat(outcome.isOk()).as("%s -> %s", command, outcome).isTrue();
        return outcome;
    }

    /** The broker of node {@code id} registers through its own node, with a new incarnation, and starts heartbeating. */
    private void registerBroker(int id) throws Exception {
        long epoch = committed(nodes.get(id), new RegisterBroker(id, Uuid.randomUuid(), List.of(new Endpoint("PLAINTEXT", "127.0.0.1",
            9000 + id)), null)).value();
        Long old = epochs.put(id, epoch);
        if (old != null) {
            assertThat(epoch).as("a new incarnation gets a larger epoch").isGreaterThan(old);
        }
        heartbeating.add(id);
    }

    private void heartbeatAll() {
        for (int id : heartbeating) {
            RatisMetadataQuorum q = nodes.get(id);
            try {
                if (q != null) {
                    q.heartbeat(id, epochs.get(id), q.image().appliedIndex());
                }
            } catch (RuntimeException e) {
                // a node closing under the heartbeat: the next round goes to its successor
            }
        }
    }

    /** Notes which voter leads in which term: a leader's term is fixed when it becomes leader. */
    private void sampleLeaders() {
        RaftGroupId group = RaftGroupId.valueOf(RatisMetadataQuorum.groupUuid(cluster));
        for (RatisMetadataQuorum q : nodes.values()) {
            RaftServer server = q.server();
            if (server == null) {
                continue;
            }
            try {
                RoleInfoProto role = server.getDivision(group).getInfo().getRoleInfoProto();
                if (role.getRole() == RaftPeerRole.LEADER && role.hasLeaderInfo()) {
                    leadersByTerm.computeIfAbsent(role.getLeaderInfo().getTerm(), t -> ConcurrentHashMap.newKeySet())
                        .add(role.getSelf().getId().toStringUtf8());
                }
            } catch (IOException | RuntimeException e) {
                // closing, or changing role while asked: the next sample will tell
            }
        }
    }

    private boolean allActive(MetadataImage image, int... ids) {
        for (int id : ids) {
            if (!image.isActive(id) || image.broker(id).epoch() != epochs.get(id)) {
                return false;
            }
        }
        return true;
    }

    private boolean converged() {
        List<MetadataImage> images = nodes.values().stream().map(RatisMetadataQuorum::image).toList();
        return images.stream().distinct().count() == 1;
    }

    private String images() {
        StringBuilder s = new StringBuilder();
        nodes.forEach((id, q) -> s.append("\n  node ").append(id).append(": ").append(q.image()).append(" brokers ")
            .append(q.image().brokers().values()).append(" topics ").append(q.image().topics().keySet()));
        return s.toString();
    }

    private int agreedController(Set<Integer> on) {
        int leader = -1;
        for (int id : on) {
            int seen = nodes.get(id).activeController();
            if (seen == -1 || (leader != -1 && seen != leader)) {
                return -1;
            }
            leader = seen;
        }
        return leader;
    }

    private static List<Path> snapshots(Path storage) {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll(".*_", "")))).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a file renamed while walking: look again
        }
    }

    @Test
    void threeVotersAndABrokerOnlyNodeAgreeThroughFailoverRestartAndSnapshots() throws Exception {
        for (int id = 1; id <= 3; id++) {
            voters.add(new QuorumSettings.Voter(id, "127.0.0.1", freePort()));
        }
        for (int id = 1; id <= 4; id++) {
            start(id);
        }
        background.scheduleWithFixedDelay(this::heartbeatAll, 0, 200, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sampleLeaders, 0, 20, TimeUnit.MILLISECONDS);

        // every node's broker registers through its own node; heartbeats unfence them all
        for (int id = 1; id <= 4; id++) {
            registerBroker(id);
        }
        Await.until(() -> "all four brokers unfenced everywhere" + images(), WAIT,
            () -> nodes.values().stream().allMatch(q -> allActive(q.image(), 1, 2, 3, 4)));

        // a topic created from the broker-only node reaches every image
        Uuid orders = Uuid.randomUuid();
        List<List<Integer>> placement = List.of(List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4, 1), List.of(4, 1, 2));
        assertThat(committed(nodes.get(BROKER_ONLY), new CreateTopic("orders", orders, Map.of(), placement)).value()).isEqualTo(4);
        Await.until(() -> "every image equal, with the topic" + images(), WAIT,
            () -> converged() && nodes.get(BROKER_ONLY).image().topic(orders) != null);
        TopicImage created = nodes.get(1).image().topic("orders");
        for (int p = 0; p < placement.size(); p++) {
            assertThat(created.partition(p)).isEqualTo(new PartitionState(placement.get(p), placement.get(p), placement.get(p).get(0), 0, 0));
        }

        // snapshots every few entries, on every voter, each a readable image
        for (int id = 1; id <= 3; id++) {
            Path storage = dir.resolve("node-" + id);
            Await.until("a snapshot under " + storage, WAIT, () -> !snapshots(storage).isEmpty());
            List<Path> files = snapshots(storage);
            MetadataImage inSnapshot = MetadataSnapshot.read(files.get(files.size() - 1));
            assertThat(inSnapshot.brokers().keySet()).containsExactly(1, 2, 3, 4);
        }

        // the active controller goes away: the other two elect a new one, which commits and fences the silent broker
        Set<Integer> allVoters = Set.of(1, 2, 3);
        Await.until("the voters agree on an active controller", WAIT, () -> agreedController(allVoters) != -1);
        int first = agreedController(allVoters);
        Await.until("the broker-only node knows the active controller", WAIT, () -> nodes.get(BROKER_ONLY).activeController() == first);
        heartbeating.remove(first);
        nodes.remove(first).close();
        Set<Integer> survivors = Set.of(1, 2, 3).stream().filter(id -> id != first).collect(Collectors.toSet());
        Await.until("a new active controller among " + survivors, WAIT,
            () -> agreedController(survivors) != -1 && agreedController(survivors) != first);
        int second = agreedController(survivors);
        int follower = survivors.stream().filter(id -> id != second).findFirst().orElseThrow();
        Uuid later = Uuid.randomUuid();
        committed(nodes.get(follower), new CreateTopic("after-failover", later, Map.of(), List.of(List.of(2, 1), List.of(4))));

        Await.until(() -> "broker " + first + " fenced after its session" + images(), WAIT,
            () -> survivors.stream().allMatch(id -> {
                MetadataImage image = nodes.get(id).image();
                return image.broker(first).fenced() && image.topic(later) != null;
            }));
        MetadataImage afterFailover = nodes.get(second).image();
        for (PartitionState p : afterFailover.topic(orders).partitions()) {
            assertThat(p.leader()).as("%s: the fenced broker leads nothing", p).isNotEqualTo(first);
            assertThat(p.isr().contains(first) && p.isr().size() > 1).as("%s: and is in no shared ISR", p).isFalse();
        }

        // the closed node restarts on its storage and catches up; its broker registers again (a new epoch)
        start(first);
        registerBroker(first);
        Await.until(() -> "the restarted node caught up, its broker unfenced" + images(), WAIT,
            () -> converged() && allActive(nodes.get(first).image(), 1, 2, 3, 4));

        // a follower restarted with its snapshot and no log: the snapshot gives it what came before
        Path storage = dir.resolve("node-" + follower);
        nodes.remove(follower).close();
        List<Path> kept = snapshots(storage);
        assertThat(kept).isNotEmpty();
        long snapshotIndex = Long.parseLong(kept.get(kept.size() - 1).getFileName().toString().replaceAll(".*_", ""));
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path segment : files.filter(p -> p.getFileName().toString().startsWith("log_")).toList()) {
                Files.delete(segment);
            }
        }
        assertThat(snapshotIndex).as("the snapshot holds the registrations").isGreaterThan(epochs.values().stream().mapToLong(e -> e).min()
            .orElseThrow());
        start(follower);
        Await.until(() -> "the node restarted from its snapshot caught up" + images(), WAIT,
            () -> converged() && allActive(nodes.get(follower).image(), 1, 2, 3, 4));
        MetadataImage end = nodes.get(follower).image();
        assertThat(end.topic("orders").id()).isEqualTo(orders);
        assertThat(end.topic("after-failover").id()).isEqualTo(later);
        assertThat(nodes.get(BROKER_ONLY).image()).isEqualTo(end);

        assertThat(leadersByTerm).as("leaders seen, by term").hasSizeGreaterThanOrEqualTo(2);
        leadersByTerm.forEach((term, leaders) -> assertThat(leaders).as("leaders of term %d", term).hasSize(1));
    }

    @Test
    void aRequestThatFailedWhileNoVoterRanDoesNotBreakTheNodesLaterRequests() throws Exception {
        voters.add(new QuorumSettings.Voter(1, "127.0.0.1", freePort()));
        RatisMetadataQuorum brokerOnly = start(BROKER_ONLY);
        RegisterBroker registration = new RegisterBroker(BROKER_ONLY, Uuid.randomUuid(), List.of(new Endpoint("PLAINTEXT", "h", 9)), null);
        assertThat(brokerOnly.heartbeat(BROKER_ONLY, 1, 0)).failsWithin(WAIT);
        assertThat(brokerOnly.submit(registration)).failsWithin(WAIT);
        assertThat(brokerOnly.submit(new CreateTopic("t".repeat(70_000), Uuid.randomUuid(), Map.of(), List.of(List.of(1)))))
            .as("a command too long to encode fails its future").failsWithin(WAIT);

        start(1);
        long epoch = committed(brokerOnly, registration).value();
        Await.until(() -> "the broker-only node polls the image" + images(), WAIT, () -> brokerOnly.image().broker(BROKER_ONLY) != null);
        assertThat(brokerOnly.heartbeat(BROKER_ONLY, epoch, brokerOnly.image().appliedIndex()).get(30, TimeUnit.SECONDS).unknownEpoch())
            .isFalse();
        Await.until("the broker-only node knows the active controller", WAIT, () -> brokerOnly.activeController() == 1);
    }

    @Test
    void theStateMachinePausesForASnapshotInstallAndReloadsTheSnapshot() throws Exception {
        voters.add(new QuorumSettings.Voter(1, "127.0.0.1", freePort()));
        RatisMetadataQuorum voter = start(1);
        for (int id = 1; id <= 6; id++) {
            committed(voter, new RegisterBroker(id, Uuid.randomUuid(), List.of(new Endpoint("PLAINTEXT", "h", 9000 + id)), null));
        }
        Path storage = dir.resolve("node-1");
        Await.until("a snapshot under " + storage, WAIT, () -> !snapshots(storage).isEmpty());
        MetadataStateMachine sm = (MetadataStateMachine) voter.server()
            .getDivision(RaftGroupId.valueOf(RatisMetadataQuorum.groupUuid(cluster))).getStateMachine();
        assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);

        // what Ratis does around installing a snapshot from the leader (StateMachineUpdater.reload asserts PAUSED)
        sm.pause();
        assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.PAUSED);
        List<Path> files = snapshots(storage);
        MetadataImage latest = MetadataSnapshot.read(files.get(files.size() - 1));
        sm.reinitialize();
        assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
        assertThat(sm.image()).isEqualTo(latest);
    }
}
