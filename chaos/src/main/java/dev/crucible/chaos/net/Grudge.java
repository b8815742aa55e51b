package dev.crucible.chaos.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who drops traffic from whom (Jepsen's "grudge"): node -> the peers whose packets it drops. Peers
 * are node indexes or {@link NetLab#HOST}, the host the clients run on. Nodes not listed drop
 * nothing. The host never drops anything itself (its rules are not ours to change); a node that
 * drops the host's packets still cuts every TCP connection both ways, since the host's half of
 * each handshake and acknowledgement is lost.
 *
 * <p>Partitions are between nodes only, as in Jepsen: clients keep reaching every node, so what a
 * test sees is the nodes' disagreement, not unavailability. Only
 * {@link #isolate isolate(node, n, true)} and {@link #oneWay oneWay(HOST, node)} involve the host.
 *
 * <p>The factories shuffle with {@link Random} seeded by {@code seed} (its sequence is fixed by its
 * specification), so a seed names the same partition in every run. For sizes where the requested
 * shape does not exist they return the empty grudge (see each), which {@link #describe()} calls
 * "no partition".
 *
 * @param drops node -> peers it drops packets from; stored sorted and unmodifiable, empty sets
 *     left out
 */
public record Grudge(Map<Integer, Set<Integer>> drops) {

    /** Upper limit of node indexes a grudge may name, to keep every grudge small. */
    public static final int MAX_NODES = NetLab.MAX_NODES;

    public Grudge {
        Map<Integer, Set<Integer>> copy = new TreeMap<>();
        drops.forEach((node, peers) -> {
            checkNode(node, "a grudge's node");
            Set<Integer> sorted = new TreeSet<>();
            for (int peer : peers) {
                if (peer != NetLab.HOST) {
                    checkNode(peer, "a grudge's peer");
                }
                if (peer == node) {
                    throw new IllegalArgumentException("n" + node + " cannot drop its own packets");
                }
                sorted.add(peer);
            }
            if (!sorted.isEmpty()) {
                copy.put(node, Collections.unmodifiableSet(sorted));
            }
        });
        drops = Collections.unmodifiableMap(copy);
    }

    /** No partition: nobody drops anything. */
    public static Grudge none() {
        return new Grudge(Map.of());
    }

    /** The peers {@code node} drops packets from (possibly empty). */
    public Set<Integer> dropsOf(int node) {
        return drops.getOrDefault(node, Set.of());
    }

    public boolean isEmpty() {
        return drops.isEmpty();
    }

    /** Each node drops every node outside its own component (Jepsen's complete-grudge). */
    public static Grudge complete(Collection<? extends Collection<Integer>> components) {
        Map<Integer, Set<Integer>> drops = new TreeMap<>();
        for (Collection<Integer> component : components) {
            for (int node : component) {
                Set<Integer> others = drops.computeIfAbsent(node, n -> new TreeSet<>());
                for (Collection<Integer> other : components) {
                    if (other != component) {
                        others.addAll(other);
                    }
                }
            }
        }
        return new Grudge(drops);
    }

    /**
     * {@code node} against all other nodes; with {@code includingClients} also cut off from the
     * clients' host. With one node, only the clients can be cut off: otherwise the grudge is empty.
     */
    public static Grudge isolate(int node, int nodes, boolean includingClients) {
        checkCount(nodes);
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("node " + node + " is not one of " + nodes);
        }
        List<Integer> rest = new ArrayList<>(range(nodes));
        rest.remove(Integer.valueOf(node));
        Map<Integer, Set<Integer>> drops = new TreeMap<>(complete(List.of(List.of(node), rest)).drops());
        if (includingClients) {
            Set<Integer> peers = new TreeSet<>(drops.getOrDefault(node, Set.of()));
            peers.add(NetLab.HOST);
            drops.put(node, peers);
        }
        return new Grudge(drops);
    }

    /**
     * A random minority (floor(n/2) nodes) against the majority. One node has no halves: empty.
     * Two nodes give one against one.
     */
    public static Grudge halves(int nodes, long seed) {
        checkCount(nodes);
        List<Integer> order = shuffled(nodes, seed);
        int minority = nodes / 2;
        if (minority == 0) {
            return none();
        }
        return complete(List.of(order.subList(0, minority), order.subList(minority, nodes)));
    }

    /**
     * Every node sees a majority (itself included), no two nodes see the same majority (Jepsen's
     * majorities-ring). Nodes sit on a ring in seeded order; each sees its nearest neighbours on
     * both sides, so the relation is symmetric and holds for TCP, which needs both directions
     * (Jepsen's window for an even count is lopsided, and then under TCP a node sees less than a
     * majority). For an even count that takes one peer too many, each node also sees the one
     * opposite it on the ring, to see an exact majority; for an odd count needing an odd number of
     * peers, each sees one more than a majority. Fewer than 4 nodes allow no such grudge: empty.
     */
    public static Grudge majoritiesRing(int nodes, long seed) {
        checkCount(nodes);
        if (nodes < 4) {
            return none();
        }
        List<Integer> ring = shuffled(nodes, seed);
        int peers = nodes / 2; // a majority, less the node itself
        boolean opposite = peers % 2 == 1 && nodes % 2 == 0;
        int reach = peers % 2 == 0 ? peers / 2 : opposite ? (peers - 1) / 2 : (peers + 1) / 2;
        Map<Integer, Set<Integer>> drops = new TreeMap<>();
        for (int i = 0; i < nodes; i++) {
            Set<Integer> dropped = new TreeSet<>();
            for (int j = 0; j < nodes; j++) {
                int distance = Math.min(Math.floorMod(j - i, nodes), Math.floorMod(i - j, nodes));
                boolean sees = distance <= reach || opposite && distance == nodes / 2;
                if (!sees) {
                    dropped.add(ring.get(j));
                }
            }
            drops.put(ring.get(i), dropped);
        }
        return new Grudge(drops);
    }

    /**
     * Two halves joined by one node that sees both (Jepsen's bridge): in seeded order, the first
     * floor(n/2) nodes against the rest but the bridge, the first node of the rest. With fewer than
     * 3 nodes there are no two halves to join: empty.
     */
    public static Grudge bridge(int nodes, long seed) {
        checkCount(nodes);
        if (nodes < 3) {
            return none();
        }
        List<Integer> order = shuffled(nodes, seed);
        int split = nodes / 2;
        return complete(List.of(order.subList(0, split), order.subList(split + 1, nodes)));
    }

    /** {@code to} drops packets from {@code from} (a node or {@link NetLab#HOST}); nothing else. */
    public static Grudge oneWay(int from, int to) {
        return new Grudge(Map.of(to, Set.of(from)));
    }

    /**
     * Human text about the nodes this grudge names. A grudge that splits them into components, each
     * seeing exactly its own, reads "n0 | n1 n2"; then "; clients cut off from n0" if nodes drop the
     * host. Any other grudge reads "n1 drops n0; n2 drops n0 clients". The empty grudge reads "no
     * partition". A node nobody drops and that drops nobody (a bridge's middle) is not named: {@link
     * #describe(int)} counts it.
     */
    public String describe() {
        Set<Integer> named = new TreeSet<>(drops.keySet());
        drops.values().forEach(named::addAll);
        named.remove(NetLab.HOST);
        return describe(named);
    }

    /** As {@link #describe()}, over nodes 0 to {@code nodes - 1}. */
    public String describe(int nodes) {
        checkCount(nodes);
        return describe(new TreeSet<>(range(nodes)));
    }

    private String describe(Set<Integer> universe) {
        if (drops.isEmpty()) {
            return "no partition";
        }
        List<Set<Integer>> components = components(universe);
        if (components.isEmpty()) {
            StringJoiner text = new StringJoiner("; ");
            drops.forEach((node, peers) -> text.add(name(node) + " drops " + names(peers)));
            return text.toString();
        }
        StringJoiner text = new StringJoiner("; ");
        if (components.size() > 1) {
            StringJoiner split = new StringJoiner(" | ");
            components.forEach(c -> split.add(names(c)));
            text.add(split.toString());
        }
        Set<Integer> cut = new TreeSet<>();
        drops.forEach((node, peers) -> {
            if (peers.contains(NetLab.HOST)) {
                cut.add(node);
            }
        });
        if (!cut.isEmpty()) {
            text.add("clients cut off from " + names(cut));
        }
        return text.toString();
    }

    /**
     * The components {@code universe} falls into if each node sees exactly its own (a complete
     * grudge), ordered by their first node; empty if it does not.
     */
    private List<Set<Integer>> components(Set<Integer> universe) {
        Map<Integer, Set<Integer>> seen = new TreeMap<>();
        for (int node : universe) {
            Set<Integer> sees = new TreeSet<>(universe);
            sees.removeAll(dropsOf(node));
            seen.put(node, sees);
        }
        List<Set<Integer>> components = new ArrayList<>();
        for (int node : universe) {
            Set<Integer> component = seen.get(node);
            for (int peer : component) {
                if (!seen.get(peer).equals(component)) {
                    return List.of();
                }
            }
            if (!components.contains(component)) {
                components.add(component);
            }
        }
        return components;
    }

    private static String name(int node) {
        return node == NetLab.HOST ? "clients" : "n" + node;
    }

    private static String names(Collection<Integer> nodes) {
        StringJoiner text = new StringJoiner(" ");
        nodes.stream().sorted().forEach(n -> text.add(name(n)));
        return text.toString();
    }

    private static List<Integer> range(int nodes) {
        List<Integer> all = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            all.add(i);
        }
        return all;
    }

    /** 0..nodes-1 in a seeded Fisher-Yates order. */
    static List<Integer> shuffled(int nodes, long seed) {
        List<Integer> order = range(nodes);
        Random random = new Random(seed);
        for (int i = nodes - 1; i > 0; i--) {
            Collections.swap(order, i, random.nextInt(i + 1));
        }
        return order;
    }

    private static void checkCount(int nodes) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("node count must be 1 to " + MAX_NODES + ", got " + nodes);
        }
    }

    private static void checkNode(int node, String what) {
        if (node < 0 || node >= MAX_NODES) {
            throw new IllegalArgumentException(what + " must be 0 to " + (MAX_NODES - 1) + " or HOST, got " + node);
        }
    }
}
