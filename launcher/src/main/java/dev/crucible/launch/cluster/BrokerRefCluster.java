package dev.crucible.launch.cluster;

import dev.crucible.launch.process.LoopbackPorts;
import dev.crucible.launch.process.Tcp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The layout of a broker-ref cluster, whose metadata lives in a Raft quorum of its first
 * {@code voters} nodes: where each node listens for clients, for the other brokers and for the
 * quorum, what it gives out in metadata, and settings every node gets; and the nodes it makes.
 * Node {@code I}'s options, after the broker command, in Kafka's key names:
 *
 * <pre>
 * --node-id I --data-dir DIR/nI/data
 * --set listeners=PLAINTEXT://HOST:CLIENT_PORT,REPLICATION://HOST:REPLICATION_PORT,CONTROLLER://HOST:CONTROLLER_PORT
 *                                                                  (a broker-only node: no CONTROLLER)
 * --set advertised.listeners=PLAINTEXT://ADVERTISED,REPLICATION://HOST:REPLICATION_PORT
 * --set listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT,CONTROLLER:PLAINTEXT
 * --set inter.broker.listener.name=REPLICATION
 * --set controller.listener.names=CONTROLLER
 * --set process.roles=broker,controller                            (a broker-only node: broker)
 * --set controller.quorum.voters=0@HOST0:CONTROLLER_PORT0,1@..      (one entry per voter)
 * --set KEY=VALUE ..                                               (the settings)
 * </pre>
 *
 * <p>Clients reach a node at its advertised address (its own, or a fault proxy's in front of it); the
 * other brokers reach it on its inter-broker listener, always at its own address, so a proxy sits only
 * between clients and brokers. A node placed elsewhere than 127.0.0.1 (e.g. in a network namespace)
 * names its listeners as Apache Kafka's launcher does there: EXTERNAL (clients, on the client port) and
 * INTERNAL (the other brokers, on the replication port) instead of PLAINTEXT and REPLICATION.
 *
 * <p>A node opens its client port only once the quorum has a leader and the node is registered,
 * so the nodes are started together ({@link NodeCluster}).
 *
 * @param places where node {@code i} (its node id) listens, in id order
 * @param voters how many nodes, from node 0 on, vote in the quorum (at least 1, at most all)
 * @param settings further broker keys every node gets; none of {@link #LAYOUT_KEYS}
 */
public record BrokerRefCluster(List<Place> places, int voters, Map<String, String> settings) {

    /** Keys the layout sets itself, refused in {@code settings}. */
    public static final Set<String> LAYOUT_KEYS = Set.of("node.id", "log.dirs", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "inter.broker.listener.name", "controller.listener.names", "process.roles",
            "controller.quorum.voters");

    /** The most voters {@link #defaultVoters} chooses: a quorum of 5 rides out 2 failures, more only slows it. */
    public static final int MAX_DEFAULT_VOTERS = 5;

    private static final int MAX_PORT = 65_535;

    /** {@link #onLoopback} gives each node a client, a controller and a replication port. */
    private static final int PORTS_PER_NODE = 3;

    /**
     * Where one node listens and what it advertises.
     *
     * @param host its address and the command prefix that places it
     * @param clientPort its client port (PLAINTEXT on loopback, EXTERNAL when placed)
     * @param controllerPort its CONTROLLER (quorum) port; unused on a broker-only node
     * @param replicationPort its inter-broker port (REPLICATION on loopback, INTERNAL when placed), advertised at
     *     the node's own address
     * @param advertised host:port clients are told to reach it at (its own address, or a proxy's)
     */
    public record Place(NodeHost host, int clientPort, int controllerPort, int replicationPort, String advertised) {
        /** Checks the fields. */
        public Place {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(advertised, "advertised");
        }
    }

    /** Checks the layout and copies its lists. */
    public BrokerRefCluster {
        places = List.copyOf(places);
        settings = Map.copyOf(settings);
        if (places.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least 1 node");
        }
        if (voters < 1 || voters > places.size()) {
            throw new IllegalArgumentException("voters must be 1.." + places.size() + " for " + places.size()
                    + " node(s), not " + voters);
        }
        for (String key : settings.keySet()) {
            if (LAYOUT_KEYS.contains(key)) {
                throw new IllegalArgumentException("the cluster sets " + key + " itself (from the node count, ports"
                        + " and voters); it cannot be set");
            }
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < places.size(); i++) {
            Place p = places.get(i);
            requireUnique(taken, p.host(), p.clientPort(), "client port of n" + i);
            requireUnique(taken, p.host(), p.replicationPort(), "replication port of n" + i);
            if (i < voters) {
                requireUnique(taken, p.host(), p.controllerPort(), "controller port of n" + i);
            }
        }
    }

    private static void requireUnique(Set<String> taken, NodeHost host, int port, String role) {
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException(role + " is " + port + ", not a port (1.." + MAX_PORT + ")");
        }
        if (!taken.add(host.address() + ":" + port)) {
            throw new IllegalArgumentException(role + " " + host.address() + ":" + port + " is taken by another listener");
        }
    }

    /** The largest odd number of voters up to {@code nodes} and {@link #MAX_DEFAULT_VOTERS}: 1 → 1, 2 → 1, 3 → 3, 4 → 3, 5.. → 5. */
    public static int defaultVoters(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 node, not " + nodes);
        }
        int n = Math.min(nodes, MAX_DEFAULT_VOTERS);
        return n % 2 == 1 ? n : n - 1;
    }

    /**
     * {@code nodes} nodes on 127.0.0.1, each advertising its own address: node {@code i} serves
     * clients on {@code basePort + i}, the quorum on {@code basePort + nodes + i} and the other brokers
     * on {@code basePort + 2 * nodes + i}. A base port of 0 takes free ports instead (tests). Checks that
     * the ports are free.
     *
     * @throws IllegalArgumentException when the counts or the ports are out of range
     * @throws IOException naming the port when one is in use
     */
    public static BrokerRefCluster onLoopback(int nodes, int voters, int basePort) throws IOException {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 node, not " + nodes);
        }
        List<Integer> ports = new ArrayList<>();
        if (basePort == 0) {
            ports.addAll(Tcp.freeLoopbackPorts(PORTS_PER_NODE * nodes));
        } else {
            requireRoom(nodes, basePort);
            for (int i = 0; i < PORTS_PER_NODE * nodes; i++) {
                ports.add(basePort + i);
            }
        }
        List<Place> places = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int client = ports.get(i);
            places.add(new Place(NodeHost.LOOPBACK, client, ports.get(nodes + i), ports.get(2 * nodes + i),
                    NodeHost.LOOPBACK.address() + ":" + client));
        }
        BrokerRefCluster cluster = new BrokerRefCluster(places, voters, Map.of());
        if (basePort != 0) {
            cluster.requireFreePorts();
        }
        return cluster;
    }

    private static void requireRoom(int nodes, int basePort) {
        if (basePort < 0 || basePort > MAX_PORT) {
            throw new IllegalArgumentException("base port " + basePort + " is not a port (1.." + MAX_PORT + ", or 0 for free ports)");
        }
        long last = (long) basePort + (long) PORTS_PER_NODE * nodes - 1;
        if (last > MAX_PORT) {
            throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + nodes + " client, "
                    + nodes + " controller and " + nodes + " replication ports (" + basePort + ".." + last + "; ports are 1.."
                    + MAX_PORT + ")");
        }
    }

    /** Throws naming the first port of a loopback node that something already listens on. */
    private void requireFreePorts() throws IOException {
        String advice = "choose another base port (node i uses BASE+i for clients, BASE+" + size()
                + "+i for its quorum and BASE+" + 2 * size() + "+i for the other brokers)";
        for (int i = 0; i < size(); i++) {
            LoopbackPorts.requireFree(places.get(i).clientPort(), "client port of n" + i, advice);
            if (voter(i)) {
                LoopbackPorts.requireFree(places.get(i).controllerPort(), "controller port of n" + i, advice);
            }
            LoopbackPorts.requireFree(places.get(i).replicationPort(), "replication port of n" + i, advice);
        }
    }

    /** The same layout with these settings for every node. */
    public BrokerRefCluster withSettings(Map<String, String> more) {
        return new BrokerRefCluster(places, voters, more);
    }

    /** How many nodes. */
    public int size() {
        return places.size();
    }

    /** Whether node {@code id} votes in the quorum (and so has a CONTROLLER listener). */
    public boolean voter(int id) {
        return id < voters;
    }

    /** controller.quorum.voters: {@code 0@HOST:PORT,1@..}, one entry per voter. */
    public String quorumVoters() {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < voters; i++) {
            j.add(i + "@" + places.get(i).host().address() + ":" + places.get(i).controllerPort());
        }
        return j.toString();
    }

    /** The nodes' advertised addresses, comma-separated: the clients' bootstrap.servers. */
    public String bootstrap() {
        return String.join(",", places.stream().map(Place::advertised).toList());
    }

    /** Whether node {@code id} is placed off the host's loopback (then its listeners are EXTERNAL and INTERNAL). */
    public boolean placed(int id) {
        return !places.get(id).host().equals(NodeHost.LOOPBACK);
    }

    /** The name of node {@code id}'s client listener: PLAINTEXT, or EXTERNAL when it is placed. */
    public String clientListener(int id) {
        return placed(id) ? "EXTERNAL" : "PLAINTEXT";
    }

    /** The name of node {@code id}'s inter-broker listener: REPLICATION, or INTERNAL when it is placed. */
    public String interBrokerListener(int id) {
        return placed(id) ? "INTERNAL" : "REPLICATION";
    }

    /** The {@code --set} options of node {@code id} (see the class comment). */
    public List<String> settingOptions(int id) {
        Place p = places.get(id);
        String address = p.host().address();
        String client = clientListener(id);
        String interBroker = interBrokerListener(id);
        String replication = interBroker + "://" + address + ":" + p.replicationPort();
        String listeners = client + "://" + address + ":" + p.clientPort() + "," + replication
                + (voter(id) ? ",CONTROLLER://" + address + ":" + p.controllerPort() : "");
        List<String> options = new ArrayList<>(List.of(
                "--set", "listeners=" + listeners,
                "--set", "advertised.listeners=" + client + "://" + p.advertised() + "," + replication,
                "--set", "listener.security.protocol.map=" + client + ":PLAINTEXT," + interBroker + ":PLAINTEXT,CONTROLLER:PLAINTEXT",
                "--set", "inter.broker.listener.name=" + interBroker,
                "--set", "controller.listener.names=CONTROLLER",
                "--set", "process.roles=" + (voter(id) ? "broker,controller" : "broker"),
                "--set", "controller.quorum.voters=" + quorumVoters()));
        settings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> options.addAll(List.of("--set", e.getKey() + "=" + e.getValue())));
        return options;
    }

    /**
     * The nodes, not started: {@code brokerCommand} (without node options) placed and given node
     * {@code i}'s options, in folder {@code dir/nI}, then {@code extraArgs}.
     */
    public List<BrokerRefNode> nodes(List<String> brokerCommand, Path dir, List<String> extraArgs) {
        List<BrokerRefNode> nodes = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            List<String> options = new ArrayList<>(settingOptions(i));
            options.addAll(extraArgs);
            Place p = places.get(i);
            nodes.add(BrokerRefNode.withOptions(i, brokerCommand, p.host(), p.clientPort(), dir.resolve("n" + i), options));
        }
        return nodes;
    }
}
