package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.net.NetLab;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * {@code failover}: two failovers of one partition in a row, the second before the last replica can fetch from the
 * first successor (the scenario of Kafka's KIP-101). From Metadata it takes a partition whose three or more replicas are
 * all in sync. The follower the controller would elect last (the last in assignment order) stops hearing the leader's
 * replication answers while its fetches still arrive, as on a slow link: for a second the leader counts what it has and
 * acknowledges writes it holds, and it never learns the new high watermark. Then the replication links between the
 * replicas are cut (that port only: they keep the quorum and the clients), so no replica fetches from another from
 * then on; it SIGKILLs the leader and starts it again at once, so that a quorum of
 * voters is back for the second failover (it comes back out of the in-sync set, and cannot fetch its way back in); and
 * as soon as Metadata names a successor, SIGKILLs the successor too, before it can drop the follower it does not hear
 * from out of the in-sync set (the controller fences it once the first leader is back in the quorum). The remaining
 * follower, which could not fetch from the successor, must then take over holding every record it held when the first
 * leader died: a broker whose new follower cuts its log before fetching from the new leader (to its high
 * watermark, as Kafka did before leader epochs) loses acknowledged writes here. Healing lifts the cut and
 * restarts the killed nodes. Any Kafka-protocol cluster the run launched in network namespaces.
 */
public final class FailoverNemesis implements Nemesis {
    /**
     * How long each election may take: a killed broker is noticed after its session timeout (Kafka's default 9 s). With
     * {@link #IN_SYNC_WAIT_MS} and {@link #ANSWER_WAIT} it bounds a start to 140 s, inside the 150 s the run gives a
     * nemesis to finish when the clients stop.
     */
    static final long ELECTION_WAIT_MS = 40_000;
    /** How long the relaunched first leader may take to answer before the run goes on without it. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    /** How long to wait for a partition whose replicas are all in sync (an earlier fault may still be healing). */
    static final long IN_SYNC_WAIT_MS = 30_000;
    private static final long POLL_MS = 50;
    /** How long the last follower hears nothing from the leader before the leader dies: time for acks to go out. */
    static final long HEAR_NOTHING_MS = 1_000;

    private final List<Node> nodes;
    private final NetLab lab;
    private final List<NodePorts> ports;
    private final Leadership leadership;
    private final String topic;
    private final Duration restartTimeout;

    public FailoverNemesis(List<Node> nodes, NetLab lab, List<NodePorts> ports, Leadership leadership, String topic,
            Duration restartTimeout) {
        if (nodes.size() < 3 || ports.size() != nodes.size()) {
            throw new IllegalArgumentException("the failover nemesis needs 3 or more launched nodes, each with its ports");
        }
        this.nodes = List.copyOf(nodes);
        this.lab = lab;
        this.ports = List.copyOf(ports);
        this.leadership = leadership;
        this.topic = topic;
        this.restartTimeout = restartTimeout;
    }

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        Leadership.Roles before = InSync.pick(leadership, topic, random, params, IN_SYNC_WAIT_MS);
        int first = before.leader();
        List<Integer> followers = before.followers();
        int last = followers.get(followers.size() - 1);
        StringBuilder what = new StringBuilder("partition ").append(before.partition()).append(" (leader ")
                .append(Leadership.name(first)).append(", replicas ").append(Leadership.names(before.replicas())).append("): ");
        // The follower elected last stops hearing the leader's answers while its fetches still arrive: the leader
        // counts what it reports, the high watermark passes it with the other followers, and it never hears so.
        lab.dropPorts(last, first, List.of(ports.get(first).replication()));
        Thread.sleep(HEAR_NOTHING_MS);
        List<Integer> replicas = before.replicas();
        for (int i = 0; i < replicas.size(); i++) {
            for (int j = i + 1; j < replicas.size(); j++) {
                int a = replicas.get(i);
                int b = replicas.get(j);
                lab.cutPorts(a, b, new TreeSet<>(List.of(ports.get(a).replication(), ports.get(b).replication())));
            }
        }
        what.append(Leadership.name(last)).append(" deaf to ").append(Leadership.name(first)).append("'s replication answers for ")
                .append(HEAR_NOTHING_MS).append(" ms, then replication cut between all; ");
        List<Node> killed = new ArrayList<>();
        Node leader = nodes.get(first);
        what.append(kill(leader, killed));
        leader.relaunch();
        long t0 = System.nanoTime();
        Leadership.Roles next = leadership.await(topic, before.partition(), n -> n != Leadership.NONE && n != first,
                ELECTION_WAIT_MS, POLL_MS);
        if (next == null || next.leader() == Leadership.NONE || next.leader() == first) {
            what.append("; no successor named within ").append(ELECTION_WAIT_MS / 1000).append(" s (")
                    .append(next == null ? "Metadata did not answer" : next).append(')');
            return new Fault(what.toString(), "no second failover", () -> heal(killed));
        }
        int successor = next.leader();
        what.append("; ").append(Leadership.name(successor)).append(" named leader after ").append(seconds(t0)).append(" s, ");
        // At once: a successor left running drops the follower it cannot hear from out of the in-sync set after
        // replica.lag.time.max.ms, and then nobody may take over. The controller fences it once the first leader is back.
        what.append(kill(nodes.get(successor), killed));
        long t1 = System.nanoTime();
        try {
            leader.awaitAnswer(ANSWER_WAIT.compareTo(restartTimeout) < 0 ? ANSWER_WAIT : restartTimeout);
        } catch (IOException e) {
            what.append(" (").append(leader.name()).append(" did not answer again: ").append(e.getMessage()).append(')');
        }
        Leadership.Roles after = leadership.await(topic, before.partition(), n -> n != Leadership.NONE && n != successor,
                ELECTION_WAIT_MS, POLL_MS);
        String probe = after == null || after.leader() == Leadership.NONE || after.leader() == successor
                ? "no third leader within " + ELECTION_WAIT_MS / 1000 + " s" + (after == null ? "" : " (" + after + ")")
                : Leadership.name(after.leader()) + " took over after " + seconds(t1) + " s: " + after;
        return new Fault(what.toString(), probe, () -> heal(killed));
    }

    private static String kill(Node node, List<Node> killed) throws IOException, InterruptedException {
        long pid = node.pid().orElse(-1L);
        node.kill();
        killed.add(node);
        return "SIGKILL " + node.name() + " (pid " + pid + ", now " + Targets.procState(pid) + ")";
    }

    private String heal(List<Node> killed) throws Exception {
        List<Node> down = new ArrayList<>();
        for (Node n : killed) {
            if (!n.alive()) {
                down.add(n);
            }
        }
        String restarted = "";
        IOException failed = null;
        lab.heal(); // first: the survivors replicate again at once, however long a restart takes
        try {
            Node.restartAll(down, restartTimeout);
        } catch (IOException e) {
            failed = e;
        }
        if (!down.isEmpty()) {
            restarted = "restarted " + Targets.names(down) + "; ";
        }
        if (failed != null) {
            throw failed;
        }
        return "replication links restored" + (restarted.isEmpty() ? "" : "; " + restarted.substring(0, restarted.length() - 2));
    }

    private static String seconds(long fromNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - fromNanos) / 1e9);
    }
}
