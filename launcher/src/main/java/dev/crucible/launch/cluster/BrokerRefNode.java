package dev.crucible.launch.cluster;

import dev.crucible.launch.process.Tcp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A broker-ref node: the broker command it is given ({@code crucible broker}, or a java command
 * running broker-ref's main class; the launcher does not know broker-ref's classes) with the options
 * that place it. Its folder:
 *
 * <pre>
 * DIR/
 *   data/        --data-dir
 *   broker.out   stdout + stderr, appended across restarts
 * </pre>
 */
public final class BrokerRefNode extends ProcessNode {

    /** A node launched exactly as {@code launch} says. */
    public BrokerRefNode(int id, String name, Launch launch) {
        super(id, name, launch);
    }

    /** One node on a free port of 127.0.0.1: {@code brokerCommand --port P --data-dir DIR/data}. */
    public static BrokerRefNode onLoopback(String name, List<String> brokerCommand, Path dir) throws IOException {
        return onLoopback(name, brokerCommand, dir, List.of());
    }

    /** As {@link #onLoopback(String, List, Path)}, then {@code options} (e.g. {@code --set KEY=VALUE}). */
    public static BrokerRefNode onLoopback(String name, List<String> brokerCommand, Path dir, List<String> options)
            throws IOException {
        Path home = dir.toAbsolutePath();
        int port = Tcp.freeLoopbackPort();
        List<String> command = new ArrayList<>(brokerCommand);
        command.addAll(List.of("--port", Integer.toString(port), "--data-dir", home.resolve("data").toString()));
        command.addAll(options);
        return new BrokerRefNode(0, name, new Launch(command, home, home.resolve("broker.out"), "127.0.0.1", port,
                home.resolve("data")));
    }

    /**
     * Node {@code id} listening on {@code host}'s address and {@code port}, giving clients
     * {@code advertised} (host:port, e.g. a proxy in front of it) in metadata:
     * {@code prefix brokerCommand --node-id ID --data-dir DIR/data --set listeners=.. --set
     * advertised.listeners=.. extraArgs}. A node of its own; nodes of one cluster come from
     * {@link BrokerRefCluster#nodes}.
     */
    public static BrokerRefNode placed(int id, List<String> brokerCommand, NodeHost host, int port, String advertised,
            Path dir, List<String> extraArgs) {
        List<String> options = new ArrayList<>(List.of("--set", "listeners=PLAINTEXT://" + host.address() + ":" + port,
                "--set", "advertised.listeners=PLAINTEXT://" + advertised));
        options.addAll(extraArgs);
        return withOptions(id, brokerCommand, host, port, dir, options);
    }

    /**
     * Node {@code id} ("n" + id) in folder {@code dir}, its client port {@code port} on {@code host}:
     * {@code prefix brokerCommand --node-id ID --data-dir DIR/data options}.
     */
    static BrokerRefNode withOptions(int id, List<String> brokerCommand, NodeHost host, int port, Path dir,
            List<String> options) {
        Path home = dir.toAbsolutePath(); // the node runs in it: paths must not be relative
        List<String> command = new ArrayList<>(host.commandPrefix());
        command.addAll(brokerCommand);
        command.addAll(List.of("--node-id", Integer.toString(id), "--data-dir", home.resolve("data").toString()));
        command.addAll(options);
        return new BrokerRefNode(id, "n" + id, new Launch(command, home, home.resolve("broker.out"), host.address(), port,
                home.resolve("data")));
    }
}
