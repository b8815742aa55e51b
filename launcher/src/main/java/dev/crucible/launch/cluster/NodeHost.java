package dev.crucible.launch.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Where a node runs: the address it listens on (reachable from the host and from the other nodes)
 * and the command that puts its process there, e.g. {@code ip netns exec <namespace>}, placed before
 * its command line.
 *
 * @param address the node's IP address, e.g. {@code "10.201.0.2"}
 * @param commandPrefix words run before the node's command line; empty for none
 */
public record NodeHost(String address, List<String> commandPrefix) {
    /** The host's own loopback, no prefix. */
    public static final NodeHost LOOPBACK = new NodeHost("127.0.0.1", List.of());

    /** Checks the address and copies the prefix. */
    public NodeHost {
        Objects.requireNonNull(address, "address");
        commandPrefix = List.copyOf(commandPrefix);
    }
}
