package dev.crucible.chaos.net;

import dev.crucible.launch.process.StopHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network lab for partition faults: each broker node in its own network namespace, all on one
 * bridge with the host, and iptables rules inside the namespaces that drop what a {@link Grudge}
 * says. The chaos runner starts node {@code i} with {@link #commandPrefix(int)} in front of its
 * command line and binds it to {@link #nodeAddress(int)}; clients on the host connect to those
 * addresses over the bridge.
 *
 * <pre>
 *   host: clients, crc-TAG-br 10.77.X.1/24            (X: a /24 no host route overlaps)
 *            |                 |
 *        crc-TAG-0         crc-TAG-1        ...       host ends of veth pairs
 *            |                 |
 *   netns crc-TAG-n0     netns crc-TAG-n1
 *     eth0 10.77.X.10      eth0 10.77.X.11
 *     lo up                lo up
 *     INPUT -> crc-fault: DROP from grudge peers; random DROP (loss)
 *     tbf qdisc on both veth ends when capped (bandwidth)
 * </pre>
 *
 * <p>Everything stays inside what the lab made: rules live in the nodes' namespaces only, the
 * namespaces get no default route, and the host does not forward. The bridge does pass through the
 * host's iptables FORWARD chain when the host sets {@code net.bridge.bridge-nf-call-iptables=1}
 * (this VM does); {@link #create} checks that node-to-node traffic still flows and says so if not.
 *
 * <p>Every command runs under a time limit and a failing one throws with its stderr. Methods are
 * synchronized: faults are a control-plane matter, applied a few times a second at most.
 * {@link #close()} removes everything, and runs from a shutdown hook if the JVM ends first; after a
 * kill -9, {@link #cleanupLeftovers()} does it. Processes started in a namespace are the runner's:
 * the lab never stops them, so stop them before closing (a namespace with processes left in it
 * lives on, disconnected, until they end).
 */
public final class NetLab implements AutoCloseable {

    /** Stands for the clients' host in {@link Grudge}s and {@link #reachable} probes. */
    public static final int HOST = -1;
    /** Most nodes a lab holds (addresses .10 to .41 of its /24; two-digit veth names). */
    public static final int MAX_NODES = 32;
    /** TCP port {@link #reachable(int, int, Duration)} probes; a refusal proves reachability too. */
    public static final int PROBE_PORT = 9;
    private static final int FIRST_NODE_HOST = 10;
    private static final Duration SETUP_PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final long MIN_RATE_BYTES_PER_SECOND = 1024;
    private static final long MAX_RATE_BYTES_PER_SECOND = 10L * 1024 * 1024 * 1024;

    private final HostSupport support;
    private final HostSupport.Tools tools;
    private final LabNames names;
    private final int nodes;
    private final int network;
    private final List<Set<Integer>> grudges = new ArrayList<>();
    /** Per node: the peers' TCP traffic it drops on some ports only ({@link #cutPorts}). */
    private final List<Set<FaultRules.PortCut>> portCuts = new ArrayList<>();
    private final double[] lossProbability;
    private final long[] capBytesPerSecond;
    private StopHook stopHook;
    private boolean closed;

    private NetLab(HostSupport support, LabNames names, int nodes, int network) {
        this.support = support;
        this.tools = support.tools().orElseThrow();
        this.names = names;
        this.nodes = nodes;
        this.network = network;
        for (int i = 0; i < nodes; i++) {
            grudges.add(Set.of());
            portCuts.add(new java.util.TreeSet<>());
        }
        this.lossProbability = new double[nodes];
        this.capBytesPerSecond = new long[nodes];
    }

    /** Empty when labs can be made here; else why not (no root, a missing package, ...). */
    public static Optional<String> unavailableReason() {
        return HostSupport.get().labReason();
    }

    /** Empty when {@link #loss} works here (iptables' statistic match); else why not. */
    public static Optional<String> lossUnavailableReason() {
        return HostSupport.get().lossReason();
    }

    /** Empty when {@link #bandwidth} works here (the kernel's tbf qdisc); else why not. */
    public static Optional<String> bandwidthUnavailableReason() {
        return HostSupport.get().bandwidthReason();
    }

    /**
     * Makes a lab of {@code nodes} namespaces. On failure removes whatever it made before throwing.
     *
     * @param tag 1 to 8 characters [a-z0-9], unique among the labs on this host (checked)
     * @param nodes 1 to {@link #MAX_NODES}
     */
    public static NetLab create(String tag, int nodes) throws IOException {
        return create(tag, nodes, node -> { });
    }

    /** Called before each node is made; tests throw from it to see a failed create undone. */
    interface SetupHook {
        void beforeNode(int node) throws IOException;
    }

    static NetLab create(String tag, int nodes, SetupHook hook) throws IOException {
        LabNames names = new LabNames(tag);
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("node count must be 1 to " + MAX_NODES + ", got " + nodes);
        }
        HostSupport support = HostSupport.get();
        if (support.labReason().isPresent()) {
            throw new IOException("cannot make a network lab: " + support.labReason().get());
        }
        String ip = support.tools().orElseThrow().ip();
        NetLab lab = Owners.underLock(() -> {
            Inventory existing = Inventory.take(ip);
            if (existing.links().stream().anyMatch(n -> n.startsWith(names.prefix()))
                    || existing.namespaces().stream().anyMatch(n -> n.startsWith(names.prefix()))) {
                throw new IOException("lab tag \"" + tag + "\" is in use: " + names.prefix()
                        + "* exists (a leftover? NetLab.cleanupLeftovers() removes those of dead runs)");
            }
            Subnets.Prefix subnet = Subnets.pick(tag, Exec.check(List.of(ip, "-4", "route", "show", "table", "all")))
                    .orElseThrow(() -> new IOException("no free /24 in 10.77.0.0/16 or 172.29.0.0/16"));
            NetLab made = new NetLab(support, names, nodes, subnet.network());
            Owners.claim(tag);
            made.stopHook = StopHook.register("crc-netlab-close-" + names.tag(), made::closeAtExit);
            made.buildOrUndo(made::makeBridge);
            return made;
        });
        lab.buildOrUndo(() -> lab.makeNodes(hook));
        return lab;
    }

    /** How many nodes the lab has, numbered from 0. */
    public int nodes() {
        return nodes;
    }

    /** The tag all of this lab's names carry. */
    public String tag() {
        return names.tag();
    }

    /** The network namespace node {@code node} runs in. */
    public String namespace(int node) {
        checkNode(node);
        return names.namespace(node);
    }

    /** What to put in front of a command to run it as node {@code node}: [ip, netns, exec, NS]. */
    public List<String> commandPrefix(int node) {
        return List.of(tools.ip(), "netns", "exec", namespace(node));
    }

    /** Node {@code node}'s address, 10.77.X.(10 + node) or so; bind the node's process to it. */
    public String nodeAddress(int node) {
        checkNode(node);
        return Subnets.format(network + FIRST_NODE_HOST + node);
    }

    /** The host's address on the bridge, the source address of clients connecting to nodes. */
    public String hostAddress() {
        return Subnets.format(network + 1);
    }

    /** The lab's subnet, as "10.77.X.0/24". */
    public String subnet() {
        return Subnets.format(network) + "/24";
    }

    /**
     * Replaces the partition: afterwards each node drops packets from exactly the peers {@code
     * grudge} names for it (and still loses packets at random if {@link #loss} said so). If applying
     * fails part way the rules may be half applied; {@link #heal()} or {@link #close()} then.
     */
    public synchronized void partition(Grudge grudge) throws IOException {
        checkOpen();
        grudge.drops().forEach((node, peers) -> {
            checkNode(node);
            peers.forEach(this::checkPeer);
        });
        for (int i = 0; i < nodes; i++) {
            grudges.set(i, grudge.dropsOf(i));
        }
        applyAll();
    }

    /**
     * Cuts the TCP connections between nodes {@code a} and {@code b} on {@code ports} only (either end's port: a
     * connection from a to b's port, or from b to a's port), leaving every other port, and the clients, as they
     * were. Each node drops the other's packets to or from those ports, so the cut holds both ways even when one
     * side's rules fail to apply. Adds to what is cut already; {@link #heal()} lifts it.
     *
     * @param ports 1 to 65535 each, at least one
     */
    public synchronized void cutPorts(int a, int b, Collection<Integer> ports) throws IOException {
        addPortCuts(a, b, ports);
        addPortCuts(b, a, ports);
        apply(a);
        apply(b);
    }

    /**
     * One way: {@code node} drops {@code peer}'s TCP packets to or from {@code ports}, so what the peer sends there
     * never arrives while what {@code node} sends still reaches the peer (a connection from node to the peer's port
     * keeps delivering node's requests, and their answers are lost). Adds to what is cut already; {@link #heal()} lifts
     * it.
     */
    public synchronized void dropPorts(int node, int peer, Collection<Integer> ports) throws IOException {
        addPortCuts(node, peer, ports);
        apply(node);
    }

    private void addPortCuts(int node, int peer, Collection<Integer> ports) {
        checkOpen();
        checkNode(node);
        checkNode(peer);
        if (node == peer) {
            throw new IllegalArgumentException("n" + node + " cannot be cut from itself");
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no ports to cut between n" + node + " and n" + peer);
        }
        for (int port : ports) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is outside 1..65535");
            }
        }
        for (int port : ports) {
            portCuts.get(node).add(new FaultRules.PortCut(nodeAddress(peer), port));
        }
    }

    /**
     * Removes all partitions, port cuts, packet loss and bandwidth caps. Tries every node even when one fails,
     * then throws naming all failures.
     */
    public synchronized void heal() throws IOException {
        checkOpen();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            grudges.set(i, Set.of());
            portCuts.get(i).clear();
            lossProbability[i] = 0;
            try {
                apply(i);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
            try {
                removeBandwidthCap(i);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("healing network lab " + names.tag() + ": " + String.join("; ", failures));
        }
    }

    /**
     * Drops each packet arriving at {@code node}, from anyone, with {@code probability} (iptables'
     * statistic match, random mode); 0 stops it. Kept across {@link #partition} calls.
     */
    public synchronized void loss(int node, double probability) throws IOException {
        checkOpen();
        checkNode(node);
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("loss probability must be in [0, 1], got " + probability);
        }
        if (probability > 0 && support.lossReason().isPresent()) {
            throw new IOException("packet loss unavailable: " + support.lossReason().get());
        }
        lossProbability[node] = probability;
        apply(node);
    }

    /**
     * Caps {@code node}'s traffic at {@code bytesPerSecond} in each direction, with a tbf qdisc on
     * each end of its veth (tbf shapes what leaves an interface: the host end carries what the node
     * receives, the node's end what it sends). Bursts of 20 ms worth (at least 4 KiB) pass at once;
     * packets queued longer than 200 ms are dropped.
     *
     * @param bytesPerSecond 1 KiB/s to 10 GiB/s
     * @throws IOException when the kernel lacks tbf ({@link #bandwidthUnavailableReason()})
     */
    public synchronized void bandwidth(int node, long bytesPerSecond) throws IOException {
        checkOpen();
        checkNode(node);
        if (bytesPerSecond < MIN_RATE_BYTES_PER_SECOND || bytesPerSecond > MAX_RATE_BYTES_PER_SECOND) {
            throw new IllegalArgumentException("bandwidth must be " + MIN_RATE_BYTES_PER_SECOND + " to "
                    + MAX_RATE_BYTES_PER_SECOND + " bytes/s, got " + bytesPerSecond);
        }
        if (support.bandwidthReason().isPresent()) {
            throw new IOException("bandwidth caps unavailable: " + support.bandwidthReason().get());
        }
        String tc = tools.tc().orElseThrow();
        List<String> tbf = List.of("root", "tbf", "rate", bytesPerSecond + "bps",
                "burst", Long.toString(Math.max(4096, bytesPerSecond / 50)), "latency", "200ms");
        capBytesPerSecond[node] = bytesPerSecond;
        Exec.check(concat(List.of(tc, "qdisc", "replace", "dev", names.hostVeth(node)), tbf));
        Exec.check(concat(List.of(tc, "-n", names.namespace(node), "qdisc", "replace", "dev",
                LabNames.NODE_INTERFACE), tbf));
    }

    /** Lifts {@code node}'s bandwidth cap, if it has one. */
    public synchronized void removeBandwidthCap(int node) throws IOException {
        checkOpen();
        checkNode(node);
        if (capBytesPerSecond[node] == 0) {
            return;
        }
        String tc = tools.tc().orElseThrow();
        capBytesPerSecond[node] = 0;
        deleteRootQdisc(List.of(tc, "qdisc", "del", "dev", names.hostVeth(node), "root"));
        deleteRootQdisc(List.of(tc, "-n", names.namespace(node), "qdisc", "del", "dev",
                LabNames.NODE_INTERFACE, "root"));
    }

    /** A veth whose root qdisc is already the default (a half-applied cap) is fine as it is. */
    private static void deleteRootQdisc(List<String> argv) throws IOException {
        Exec.Result result = Exec.run(argv, null, Exec.DEFAULT_TIMEOUT);
        if (!result.ok() && !result.stderr().contains("handle of zero")) {
            throw new IOException(result.failure());
        }
    }

    /** {@link #reachable(int, int, int, Duration)} on {@link #PROBE_PORT}. */
    public boolean reachable(int from, int to, Duration timeout) {
        return reachable(from, to, PROBE_PORT, timeout);
    }

    /**
     * Whether a TCP handshake from {@code from} to {@code to}'s {@code port} gets an answer within
     * {@code timeout}: a connection or a refusal both mean packets went there and back. So a one-way
     * drop, either way, shows as unreachable both ways. From a node the probe runs in its namespace
     * (bash's /dev/tcp); from {@link #HOST}, in this JVM.
     */
    public boolean reachable(int from, int to, int port, Duration timeout) {
        checkPeer(from);
        checkPeer(to);
        String address = to == HOST ? hostAddress() : nodeAddress(to);
        if (from == HOST) {
            return connectFromHost(address, port, timeout);
        }
        List<String> argv = tools.inNamespace(names.namespace(from), tools.bash(), "-c",
                "exec 3<>/dev/tcp/$0/$1", address, Integer.toString(port));
        try {
            Exec.Result result = Exec.run(argv, null, timeout);
            return result.ok() || !result.timedOut() && result.stderr().contains("Connection refused");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes everything this lab made: veths, namespaces, bridge, owner file. Idempotent. Keeps
     * going past failed steps and then throws one exception naming them all.
     *
     * @throws UncheckedIOException listing each step that failed
     */
    @Override
    public void close() {
        List<String> failures = closeAndCollect();
        removeShutdownHook();
        if (!failures.isEmpty()) {
            throw new UncheckedIOException(new IOException(
                    "closing network lab " + names.tag() + ": " + String.join("; ", failures)));
        }
    }

    /**
     * Removes the namespaces, links and bridges of every lab whose owner process is gone (kill -9,
     * a crash), and anything else named crc* but not owned by a live lab. Labs of running processes,
     * this one included, are left alone.
     *
     * @return what was removed, as "netns NAME" and "link NAME"
     * @throws IOException naming what could not be removed (after trying all of it)
     */
    public static List<String> cleanupLeftovers() throws IOException {
        HostSupport support = HostSupport.get();
        String ip = support.tools().map(HostSupport.Tools::ip)
                .orElseThrow(() -> new IOException("cannot clean up: " + support.labReason().orElse("")));
        List<String> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Owners.underLock(() -> {
            Inventory.take(ip).remove(ip, NetLab::isLeftover, removed, failures);
            for (String tag : Owners.claimedTags()) {
                if (!Owners.ownerAlive(tag)) {
                    Owners.release(tag);
                }
            }
            return null;
        });
        if (!failures.isEmpty()) {
            throw new IOException("removed " + removed + " but failed: " + String.join("; ", failures));
        }
        return removed;
    }

    private static boolean isLeftover(String name) {
        if (!name.startsWith(LabNames.PREFIX)) {
            return false;
        }
        Optional<Long> probe = LabNames.probePid(name);
        if (probe.isPresent()) {
            return !Owners.alive(probe.get(), 0);
        }
        return LabNames.tagOf(name).map(tag -> !Owners.ownerAlive(tag)).orElse(true);
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs a creation step; if it fails, removes what the lab made so far and rethrows. */
    private void buildOrUndo(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            List<String> failures = closeAndCollect();
            removeShutdownHook();
            if (!failures.isEmpty()) {
                e.addSuppressed(new IOException("and cleaning up failed: " + String.join("; ", failures)));
            }
            throw e;
        }
    }

    private void makeBridge() throws IOException {
        String bridge = names.bridge();
        Exec.check(List.of(tools.ip(), "link", "add", "name", bridge, "type", "bridge"));
        Exec.check(List.of(tools.ip(), "addr", "add", hostAddress() + "/24", "dev", bridge));
        Exec.check(List.of(tools.ip(), "link", "set", "dev", bridge, "up"));
    }

    private void makeNodes(SetupHook hook) throws IOException {
        String ip = tools.ip();
        for (int i = 0; i < nodes; i++) {
            hook.beforeNode(i);
            String ns = names.namespace(i);
            String veth = names.hostVeth(i);
            Exec.check(List.of(ip, "netns", "add", ns));
            Exec.check(List.of(ip, "link", "add", "name", veth, "type", "veth",
                    "peer", "name", LabNames.NODE_INTERFACE, "netns", ns));
            Exec.check(List.of(ip, "link", "set", "dev", veth, "master", names.bridge(), "up"));
            Exec.check(List.of(ip, "-n", ns, "addr", "add", nodeAddress(i) + "/24", "dev", LabNames.NODE_INTERFACE));
            Exec.check(List.of(ip, "-n", ns, "link", "set", "dev", LabNames.NODE_INTERFACE, "up"));
            Exec.check(List.of(ip, "-n", ns, "link", "set", "dev", "lo", "up"));
            restore(i, FaultRules.install());
        }
        checkConnectivity();
    }

    /** The host must reach every node, and nodes each other (a host firewall could stop either). */
    private void checkConnectivity() throws IOException {
        for (int i = 0; i < nodes; i++) {
            if (!reachable(HOST, i, SETUP_PROBE_TIMEOUT)) {
                throw new IOException("the host cannot reach node " + i + " at " + nodeAddress(i)
                        + " right after setup: does the host firewall drop traffic on " + names.bridge() + "?");
            }
        }
        if (nodes > 1 && !reachable(0, 1, SETUP_PROBE_TIMEOUT)) {
            throw new IOException("node 0 cannot reach node 1 right after setup: with "
                    + "net.bridge.bridge-nf-call-iptables=1 bridged packets pass the host's FORWARD chain; "
                    + "does it drop them?");
        }
    }

    private void applyAll() throws IOException {
        for (int i = 0; i < nodes; i++) {
            apply(i);
        }
    }

    /** Rewrites node {@code node}'s fault chain from its grudge, port cuts and loss. */
    private void apply(int node) throws IOException {
        List<String> sources = new ArrayList<>();
        for (int peer : new TreeSet<>(grudges.get(node))) {
            sources.add(peer == HOST ? hostAddress() : nodeAddress(peer));
        }
        restore(node, FaultRules.replace(sources, portCuts.get(node), lossProbability[node]));
    }

    private void restore(int node, String rules) throws IOException {
        Exec.check(tools.inNamespace(names.namespace(node), tools.iptablesRestore(), "-w", "5", "--noflush"), rules);
    }

    private static boolean connectFromHost(String address, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            socket.connect(new InetSocketAddress(address, port), timeoutMs);
            return true;
        } catch (ConnectException e) {
            return String.valueOf(e.getMessage()).contains("refused");
        } catch (IOException e) {
            return false;
        }
    }

    /** Marks the lab closed and removes it; returns the failures. Only the first call does work. */
    private List<String> closeAndCollect() {
        synchronized (this) {
            if (closed) {
                return List.of();
            }
            closed = true;
        }
        List<String> failures = new ArrayList<>();
        try {
            Inventory.take(tools.ip()).remove(tools.ip(), n -> n.startsWith(names.prefix()), new ArrayList<>(), failures);
        } catch (IOException e) {
            failures.add("cannot list namespaces and links: " + e.getMessage());
        }
        try {
            Owners.release(names.tag());
        } catch (IOException e) {
            failures.add("cannot remove the owner file: " + e);
        }
        return failures;
    }

    private void removeShutdownHook() {
        stopHook.cancel(); // when the JVM is already exiting, the hook runs and finds the lab closed
    }

    /** The shutdown hook's work, after the gate: whatever the owner did not close. */
    private void closeAtExit() {
        List<String> failures = closeAndCollect();
        if (!failures.isEmpty()) {
            System.err.println("crucible: closing network lab " + names.tag() + " at exit: " + String.join("; ", failures));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("network lab " + names.tag() + " is closed");
        }
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("node " + node + " is not one of this lab's " + nodes);
        }
    }

    private void checkPeer(int peer) {
        if (peer != HOST) {
            checkNode(peer);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
