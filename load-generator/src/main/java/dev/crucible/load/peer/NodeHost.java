package dev.crucible.load.peer;

import java.util.List;
import java.util.Objects;

/**
 * Where one peer node runs when not on the host's loopback: the address it listens on (reachable
 * from the host and from the other nodes) and the command that puts its JVM there, e.g.
 * {@code ip netns exec <namespace>}, placed before {@code java}.
 *
 * @param address the node's IP address, e.g. {@code "10.201.0.2"}
 * @param commandPrefix words run before the JVM's command line; empty for none
 */
public record NodeHost(String address, List<String> commandPrefix) {
    public NodeHost {
        Objects.requireNonNull(address, "address");
        commandPrefix = List.copyOf(commandPrefix);
    }
}
