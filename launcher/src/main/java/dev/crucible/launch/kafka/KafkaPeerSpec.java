package dev.crucible.launch.kafka;

import dev.crucible.launch.cluster.NodeHost;
import dev.crucible.launch.process.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start: an Apache Kafka release, how many combined broker+controller nodes, where they
 * listen and keep their data, and where the resolved jars are cached.
 *
 * <p>Node {@code i} (0-based) listens for clients on {@code basePort + i} and for its controller
 * quorum on {@code basePort + 100 + i}, all on 127.0.0.1.
 *
 * @param version Apache Kafka release, e.g. {@code "4.3.1"} (KRaft, so 3.3 or later)
 * @param nodes 1 or 3
 * @param basePort client port of node 1
 * @param dataDir each node keeps {@code node-N/} below it
 * @param cacheDir resolved jars ({@code kafka-<version>/libs}) and the watchdog class
 * @param overrides server.properties keys applied last, on every node
 * @param heap JVM heap of each node ({@code -Xms} and {@code -Xmx}), e.g. {@code "1g"}
 * @param advertisedPorts the client port node {@code i} gives out in metadata, e.g. a fault proxy's in
 *     front of it; empty: its own client port
 * @param placement where each node runs when not all on loopback (e.g. one network namespace each);
 *     empty: all on 127.0.0.1. Placed nodes talk to each other on their own addresses (listener
 *     INTERNAL, client port) and serve clients on an EXTERNAL listener ({@link #externalPort}) that
 *     advertises 127.0.0.1 and the advertised port, for a proxy on the host in front of it.
 */
public record KafkaPeerSpec(
        String version,
        int nodes,
        int basePort,
        Path dataDir,
        Path cacheDir,
        Map<String, String> overrides,
        String heap,
        List<Integer> advertisedPorts,
        List<NodeHost> placement) {

    /** Offset from a node's client port to its controller port. */
    public static final int CONTROLLER_PORT_OFFSET = 100;

    /** Offset from a placed node's client port to its EXTERNAL listener's port. */
    public static final int EXTERNAL_PORT_OFFSET = 200;

    /** Client port of node 1 unless told otherwise. */
    public static final int DEFAULT_BASE_PORT = 19092;

    /** Checks the fields and copies the overrides. */
    public KafkaPeerSpec {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(heap, "heap");
        if (version.isBlank()) {
            throw new IllegalArgumentException("version is empty");
        }
        requireNodeCount(nodes);
        if (basePort < 1024 || basePort + CONTROLLER_PORT_OFFSET + nodes > 65535) {
            throw new IllegalArgumentException(
                    "base port " + basePort + " leaves no room for " + nodes
                            + " client and controller ports");
        }
        ChildJvm.requireHeap(heap);
        overrides = Map.copyOf(overrides);
        advertisedPorts = List.copyOf(advertisedPorts);
        placement = List.copyOf(placement);
        if (!placement.isEmpty() && placement.size() != nodes) {
            throw new IllegalArgumentException(placement.size() + " placements for " + nodes + " nodes");
        }
        if (!advertisedPorts.isEmpty() && advertisedPorts.size() != nodes) {
            throw new IllegalArgumentException(
                    advertisedPorts.size() + " advertised ports for " + nodes + " nodes");
        }
    }

    /** A spec whose nodes advertise their own client ports. */
    public KafkaPeerSpec(String version, int nodes, int basePort, Path dataDir, Path cacheDir,
            Map<String, String> overrides, String heap) {
        this(version, nodes, basePort, dataDir, cacheDir, overrides, heap, List.of());
    }

    /** A spec whose nodes all run on loopback. */
    public KafkaPeerSpec(String version, int nodes, int basePort, Path dataDir, Path cacheDir,
            Map<String, String> overrides, String heap, List<Integer> advertisedPorts) {
        this(version, nodes, basePort, dataDir, cacheDir, overrides, heap, advertisedPorts, List.of());
    }

    /** IllegalArgumentException unless {@code nodes} is a count this launcher runs: 1 or 3. */
    public static void requireNodeCount(int nodes) {
        if (nodes != 1 && nodes != 3) {
            throw new IllegalArgumentException("nodes must be 1 or 3, not " + nodes);
        }
    }

    /** One node of {@code version} on port 19092 with a 1 GiB heap, jars cached in ~/.cache/crucible. */
    public static KafkaPeerSpec defaults(String version, Path dataDir) {
        return new KafkaPeerSpec(
                version, 1, DEFAULT_BASE_PORT, dataDir, defaultCacheDir(), Map.of(), "1g");
    }

    /** {@code ~/.cache/crucible}: survives runs, so a release is downloaded once. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "crucible");
    }

    /** The same spec with another node count. */
    public KafkaPeerSpec withNodes(int count) {
        return new KafkaPeerSpec(version, count, basePort, dataDir, cacheDir, overrides, heap,
                count == nodes ? advertisedPorts : List.of(), count == nodes ? placement : List.of());
    }

    /** The same spec with another client port for node 1. */
    public KafkaPeerSpec withBasePort(int port) {
        return new KafkaPeerSpec(version, nodes, port, dataDir, cacheDir, overrides, heap,
                advertisedPorts, placement);
    }

    /** The same spec with nodes advertising these client ports (one per node). */
    public KafkaPeerSpec withAdvertisedPorts(List<Integer> ports) {
        return new KafkaPeerSpec(version, nodes, basePort, dataDir, cacheDir, overrides, heap, ports, placement);
    }

    /** The same spec with each node placed as given (one per node). */
    public KafkaPeerSpec withPlacement(List<NodeHost> hosts) {
        return new KafkaPeerSpec(version, nodes, basePort, dataDir, cacheDir, overrides, heap, advertisedPorts, hosts);
    }

    /** The address node {@code index} listens on: its placement's, else 127.0.0.1. */
    public String host(int index) {
        return placement.isEmpty() ? "127.0.0.1" : placement.get(index).address();
    }

    /** Words to run before node {@code index}'s JVM command (empty on loopback). */
    public List<String> commandPrefix(int index) {
        return placement.isEmpty() ? List.of() : placement.get(index).commandPrefix();
    }

    /** The port of a placed node's EXTERNAL listener (for clients, through a proxy). */
    public int externalPort(int index) {
        return clientPort(index) + EXTERNAL_PORT_OFFSET;
    }

    /** The client port node {@code index} advertises. */
    public int advertisedPort(int index) {
        return advertisedPorts.isEmpty() ? clientPort(index) : advertisedPorts.get(index);
    }

    /** Client port of node {@code index} (0-based). */
    public int clientPort(int index) {
        return basePort + index;
    }

    /** Controller quorum port of node {@code index} (0-based). */
    public int controllerPort(int index) {
        return basePort + CONTROLLER_PORT_OFFSET + index;
    }
}
