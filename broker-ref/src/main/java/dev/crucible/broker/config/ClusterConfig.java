package dev.crucible.broker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster part of the configuration, with KRaft's keys: {@code process.roles},
 * {@code controller.quorum.voters} (or {@code controller.quorum.bootstrap.servers}),
 * {@code controller.listener.names} and the controller entry of {@code listeners}, the broker session
 * timeout and heartbeat interval. Without {@code process.roles} the broker runs alone, as before
 * clusters existed ({@link #standalone()}).
 *
 * @param broker             {@code process.roles} names broker
 * @param controller         {@code process.roles} names controller (this node is a Ratis voter)
 * @param voters             the quorum's voters (node id -1 when given by bootstrap servers, which name addresses only)
 * @param self               this node's entry in {@code voters}, or null for a broker-only node
 * @param controllerListener where this node's Raft server listens (host 0.0.0.0 for an empty listener host), or null for a
 *                           broker-only node
 * @param dataListeners      the listeners that serve the Kafka protocol, in the order of {@code listeners}; the first is the
 *                           primary one; each is registered as an endpoint of this broker, under its name
 * @param interBrokerListener {@code inter.broker.listener.name}: the data listener other brokers reach this one through
 *                           (default: the first); pick a broker's with {@code registration.endpoint(interBrokerListener())}
 */
public record ClusterConfig(boolean broker, boolean controller, List<Voter> voters, Voter self, Voter controllerListener,
                            long sessionTimeoutMs, long heartbeatIntervalMs, long electionTimeoutMs, long snapshotEvery,
                            List<DataListener> dataListeners, String interBrokerListener) {
    public ClusterConfig {
        voters = List.copyOf(voters);
        dataListeners = List.copyOf(dataListeners);
        if (dataListeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: no data listener");
        }
        if (dataListener(dataListeners, interBrokerListener) == null) {
            throw new IllegalArgumentException("inter.broker.listener.name: " + interBrokerListener + " is not a data listener");
        }
    }

    /** A controller's address, with its node id when known. */
    public record Voter(int nodeId, String host, int port) {
        @Override
        public String toString() {
            return (nodeId >= 0 ? nodeId + "@" : "") + host + ":" + port;
        }
    }

    /** One entry of {@code listeners}: NAME://HOST:PORT. */
    public record Listener(String name, String host, int port) { }

    public boolean standalone() {
        return voters.isEmpty();
    }

    /** The first data listener: the one {@code --port} sets and {@link BrokerConfig#port()} describes. */
    public DataListener primaryListener() {
        return dataListeners.get(0);
    }

    /** The data listener other brokers use ({@code inter.broker.listener.name}). */
    public DataListener interBrokerDataListener() {
        return dataListener(dataListeners, interBrokerListener);
    }

    /** The data listener of that name, or null. */
    public DataListener dataListener(String name) {
        return dataListener(dataListeners, name);
    }

    private static DataListener dataListener(List<DataListener> listeners, String name) {
        for (DataListener l : listeners) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** What every node of one cluster agrees on, whatever it is itself: the voters' addresses, sorted. */
    public String clusterName() {
        Set<String> addresses = new TreeSet<>();
        for (Voter v : voters) {
            addresses.add(v.host() + ":" + v.port());
        }
        return String.join(",", addresses);
    }

    static void describeKeys(Map<String, String[]> keys) {
        keys.put("process.roles", new String[] {"(unset: one broker alone, no quorum)",
            "broker,controller (a broker that is also a metadata-quorum voter) or broker (broker-only; it follows the quorum)."
                + " controller alone is not offered yet."});
        keys.put("controller.quorum.voters", new String[] {"(unset)",
            "The metadata quorum: ID@HOST:PORT,... one per voter (the CONTROLLER listener of each combined node)."});
        keys.put("controller.quorum.bootstrap.servers", new String[] {"(unset)",
            "HOST:PORT,... of the voters, when controller.quorum.voters is not given (the voters are exactly these)."});
        keys.put("controller.listener.names", new String[] {"CONTROLLER",
            "Which entry of listeners the quorum uses; the others serve the Kafka protocol (data listeners)."});
        keys.put("listener.security.protocol.map", new String[] {"(unset: a listener's name is its protocol; CONTROLLER is PLAINTEXT)",
            "NAME:PROTOCOL,... for every listener when set; only PLAINTEXT is offered."});
        keys.put("inter.broker.listener.name", new String[] {"(the first data listener)",
            "The data listener other brokers reach this one through (followers fetch from leaders there)."});
        keys.put("broker.session.timeout.ms", new String[] {"9000",
            "A broker that sends no heartbeat for this long is fenced: its partitions have no leader until it is back."});
        keys.put("broker.heartbeat.interval.ms", new String[] {"2000",
            "How often a broker heartbeats to the active controller."});
        keys.put("controller.quorum.election.timeout.ms", new String[] {"1000",
            "Smallest Raft election timeout of the metadata quorum (the largest is twice it)."});
        keys.put("metadata.snapshot.entries", new String[] {"10000",
            "broker-ref's own: metadata log entries between two snapshots of the metadata image."});
    }

    /** Parses the cluster keys; {@code listeners} come from {@link Listeners#parse}. */
    static ClusterConfig parse(Map<String, String> values, Listeners parsed, int nodeId,
                               java.util.function.ToLongBiFunction<String, Long> longs) {
        List<Listener> listeners = parsed.all();
        String roles = values.get("process.roles");
        long session = longs.applyAsLong("broker.session.timeout.ms", 9_000L);
        long heartbeat = longs.applyAsLong("broker.heartbeat.interval.ms", 2_000L);
        long election = longs.applyAsLong("controller.quorum.election.timeout.ms", 1_000L);
        long snapshots = longs.applyAsLong("metadata.snapshot.entries", 10_000L);
        if (heartbeat >= session) {
            throw new IllegalArgumentException("broker.heartbeat.interval.ms (" + heartbeat + ") must be below broker.session.timeout.ms ("
                + session + ")");
        }
        if (roles == null || roles.isBlank()) {
            if (values.containsKey("controller.quorum.voters") || values.containsKey("controller.quorum.bootstrap.servers")) {
                throw new IllegalArgumentException("controller.quorum.voters/bootstrap.servers is set but process.roles is not:"
                    + " set process.roles=broker,controller (or broker) to run as a cluster node");
            }
            return new ClusterConfig(true, false, List.of(), null, null, session, heartbeat, election, snapshots, parsed.data(),
                parsed.interBroker());
        }
        boolean broker = false;
        boolean controller = false;
        for (String role : roles.split(",")) {
            switch (role.trim().toLowerCase(Locale.ROOT)) {
                case "broker" -> broker = true;
                case "controller" -> controller = true;
                default -> throw new IllegalArgumentException("process.roles: unknown role '" + role.trim() + "' (broker, controller)");
            }
        }
        if (!broker) {
            throw new IllegalArgumentException("process.roles=controller (a controller-only node) is not offered yet:"
                + " use broker,controller");
        }
        List<Voter> voters = voters(values);
        String controllerNames = values.getOrDefault("controller.listener.names", "CONTROLLER");
        Listener own = null;
        for (Listener l : listeners) {
            if (isControllerListener(l.name(), controllerNames)) {
                own = l;
            }
        }
        Voter self = null;
        Voter bind = null;
        if (controller) {
            self = findSelf(voters, nodeId, own);
            if (own != null && own.port() != self.port()) {
                throw new IllegalArgumentException("listeners: the " + own.name() + " listener is on port " + own.port()
                    + " but controller.quorum.voters gives node " + nodeId + " port " + self.port());
            }
            String bindHost = own == null ? self.host() : own.host().isEmpty() ? "0.0.0.0" : own.host();
            bind = new Voter(nodeId, bindHost, self.port());
        }
        return new ClusterConfig(broker, controller, voters, self, bind, session, heartbeat, election, snapshots, parsed.data(),
            parsed.interBroker());
    }

    static boolean isControllerListener(String name, String controllerNames) {
        for (String n : controllerNames.split(",")) {
            if (n.trim().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static Voter findSelf(List<Voter> voters, int nodeId, Listener own) {
        for (Voter v : voters) {
            if (v.nodeId() == nodeId) {
                return v;
            }
        }
        if (own != null) {
            List<Voter> samePort = new ArrayList<>();
            for (Voter v : voters) {
                if (v.nodeId() < 0 && v.port() == own.port() && (own.host().isEmpty() || own.host().equals(v.host()))) {
                    samePort.add(v);
                }
            }
            if (samePort.size() == 1) {
                return samePort.get(0);
            }
            for (Voter v : samePort) { // several hosts on one port: the one that is this machine
                if (isLocal(v.host())) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("process.roles includes controller, but node " + nodeId + " is not among the voters "
            + voters + (own == null ? " (and listeners has no CONTROLLER entry)" : ""));
    }

    private static boolean isLocal(String host) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(host);
            return a.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<Voter> voters(Map<String, String> values) {
        String voters = values.get("controller.quorum.voters");
        String bootstrap = values.get("controller.quorum.bootstrap.servers");
        List<Voter> out = new ArrayList<>();
        Map<Integer, Voter> byId = new LinkedHashMap<>();
        if (voters != null && !voters.isBlank()) {
            for (String entry : voters.split(",")) {
                String e = entry.trim();
                int at = e.indexOf('@');
                if (at < 1) {
                    throw new IllegalArgumentException("controller.quorum.voters: expected ID@HOST:PORT, got '" + e + "'");
                }
                int id;
                try {
                    id = Integer.parseInt(e.substring(0, at));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("controller.quorum.voters: '" + e.substring(0, at) + "' is not a node id", ex);
                }
                String[] hp = hostPort(e.substring(at + 1), "controller.quorum.voters");
                Voter v = new Voter(id, hp[0], port(hp[1], "controller.quorum.voters"));
                if (id < 0 || byId.put(id, v) != null) {
                    throw new IllegalArgumentException("controller.quorum.voters: node id " + id + " is negative or listed twice");
                }
                out.add(v);
            }
        } else if (bootstrap != null && !bootstrap.isBlank()) {
            for (String entry : bootstrap.split(",")) {
                String[] hp = hostPort(entry.trim(), "controller.quorum.bootstrap.servers");
                out.add(new Voter(-1, hp[0], port(hp[1], "controller.quorum.bootstrap.servers")));
            }
        } else {
            throw new IllegalArgumentException("process.roles is set: controller.quorum.voters (ID@HOST:PORT,...) or"
                + " controller.quorum.bootstrap.servers (HOST:PORT,...) must name the metadata quorum");
        }
        Set<String> addresses = new TreeSet<>();
        for (Voter v : out) {
            if (!addresses.add(v.host() + ":" + v.port())) {
                throw new IllegalArgumentException("the quorum names " + v.host() + ":" + v.port() + " twice");
            }
        }
        return out;
    }

    private static String[] hostPort(String text, String key) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(key + ": expected HOST:PORT, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, text.substring(colon + 1)};
    }

    private static int port(String text, String key) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": port must be 1..65535, got '" + text + "'", e);
        }
    }
}
