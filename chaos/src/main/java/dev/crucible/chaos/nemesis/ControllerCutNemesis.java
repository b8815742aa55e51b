package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.net.NetLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * {@code controller-cut}: a partition leader loses the controller quorum while it still serves. From Metadata it takes a
 * partition whose three or more replicas are all in sync and cuts its leader off every other node's controller port and
 * off the replication port of the follower the controller elects next (the first other replica in assignment order, as
 * Kafka elects); clients and the other followers still reach the leader. The lagging follower makes the leader want a
 * smaller in-sync set, which it cannot get committed; the controller, no longer hearing from it, fences it and elects
 * the lagging follower. A leader that counts with the smaller set before the controller commits it has acknowledged
 * writes that the new leader lacks: they are lost. To open that window the follower must be dropped before the leader is
 * fenced, i.e. {@code replica.lag.time.max.ms} below {@code broker.session.timeout.ms} (e.g. {@code --broker-config
 * replica.lag.time.max.ms=3000}). Healing waits (at most 30 s) until Metadata from any node names another leader, reports
 * who took over and when, and lifts the cuts. Any Kafka-protocol cluster the run launched in network
 * namespaces.
 */
public final class ControllerCutNemesis implements Nemesis {
    private static final long IN_SYNC_WAIT_MS = 30_000;
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(700);
    /** How long past its scheduled heal the cut may stay, waiting for the controller to move the leadership. */
    static final long TAKEOVER_WAIT_MS = 30_000;
    private static final long POLL_MS = 250;

    private final List<Node> nodes;
    private final NetLab lab;
    private final List<NodePorts> ports;
    private final Leadership leadership;
    private final String topic;

    public ControllerCutNemesis(List<Node> nodes, NetLab lab, List<NodePorts> ports, Leadership leadership, String topic) {
        if (nodes.size() < 3 || ports.size() != nodes.size()) {
            throw new IllegalArgumentException("the controller-cut nemesis needs 3 or more launched nodes, each with its ports");
        }
        this.nodes = List.copyOf(nodes);
        this.lab = lab;
        this.ports = List.copyOf(ports);
        this.leadership = leadership;
        this.topic = topic;
    }

    @Override
    public String name() {
        return "controller-cut";
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        Leadership.Roles roles = InSync.pick(leadership, topic, random, params, IN_SYNC_WAIT_MS);
        int leader = roles.leader();
        int next = roles.followers().get(0);
        for (int other = 0; other < nodes.size(); other++) {
            if (other != leader) {
                lab.cutPorts(leader, other, new TreeSet<>(List.of(ports.get(leader).controller(), ports.get(other).controller())));
            }
        }
        lab.cutPorts(leader, next, new TreeSet<>(List.of(ports.get(leader).replication(), ports.get(next).replication())));
        String description = "partition " + roles.partition() + " (leader " + Leadership.name(leader) + ", replicas "
                + Leadership.names(roles.replicas()) + "): cut " + Leadership.name(leader) + " off the controller quorum and off "
                + Leadership.name(next) + "'s replication link; clients and " + Leadership.names(rest(roles, next))
                + " still reach it";
        long cutAt = System.nanoTime();
        return new Fault(description, probe(leader), () -> {
            String takeover = takeover(roles.partition(), leader, cutAt);
            lab.heal();
            return takeover + "; cuts lifted: " + probe(leader);
        });
    }

    /**
     * Holds the cut until Metadata from any node names another leader (at most {@link #TAKEOVER_WAIT_MS} past the
     * scheduled heal): the fault is the election of a new leader while the old one still serves, and a heal before the
     * controller fenced the old leader (a slow machine, a long session timeout) would test nothing.
     */
    private String takeover(int partition, int leader, long cutAt) throws InterruptedException {
        Leadership.Roles now = leadership.awaitAnyView(topic, partition, n -> n != Leadership.NONE && n != leader, TAKEOVER_WAIT_MS,
                POLL_MS);
        String after = String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - cutAt) / 1e9);
        if (now == null) {
            return "Metadata unanswered for " + after + " s of the cut";
        }
        if (now.leader() != leader && now.leader() != Leadership.NONE) {
            return Leadership.name(now.leader()) + " took over within " + after + " s of the cut: " + now;
        }
        return "still led by " + Leadership.name(now.leader()) + " after " + after + " s of the cut: " + now;
    }

    private static List<Integer> rest(Leadership.Roles roles, int next) {
        List<Integer> out = new ArrayList<>(roles.followers());
        out.remove(Integer.valueOf(next));
        return out;
    }

    /** Whether the leader reaches each other node's controller port, and each follower the leader's replication port. */
    private String probe(int leader) {
        List<String> out = new ArrayList<>();
        for (int other = 0; other < nodes.size(); other++) {
            if (other != leader) {
                out.add("n" + leader + "->n" + other + ":controller " + yes(lab.reachable(leader, other, ports.get(other).controller(),
                        PROBE_TIMEOUT)));
                out.add("n" + other + "->n" + leader + ":replication " + yes(lab.reachable(other, leader,
                        ports.get(leader).replication(), PROBE_TIMEOUT)));
            }
        }
        return String.join(", ", out);
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }
}
