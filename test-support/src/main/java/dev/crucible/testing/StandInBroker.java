package dev.crucible.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for broker-ref in the child processes of launcher tests: it takes the broker's command
 * line and keeps only the rule a launcher depends on, when the client port opens. It serves no
 * Kafka request.
 *
 * <ul>
 *   <li>First it prints {@code args: } and its arguments, one line, for tests to read back.</li>
 *   <li>{@code --fail}: prints {@code refusing to start: bad configuration} and exits 3.</li>
 *   <li>{@code --port P} (a single broker): binds P on 127.0.0.1 (0: any port).</li>
 *   <li>{@code --set listeners=PLAINTEXT://H:P[,CONTROLLER://H:C]} with {@code --set
 *       controller.quorum.voters=ID@H:C,..} (a cluster node): binds its CONTROLLER listener at once,
 *       then opens P only once every voter's controller port accepts connections, as a cluster
 *       node opens its client port only once its quorum is up. Started one after another, waiting
 *       for each client port in turn, such nodes never come up.</li>
 * </ul>
 *
 * <p>Once the client port is bound it prints {@code listening on PORT} and accepts (closing each
 * connection) until killed, or until nobody connected for 120 s. Waiting for a quorum it gives up
 * after 120 s too (exit 4).
 */
public final class StandInBroker {
    private static final int IDLE_MS = 120_000;
    private static final long POLL_MS = 50;

    private StandInBroker() {}

    /**
     * The command that runs the stand-in in a child JVM with this JVM's java and class path (so the
     * test's class path must hold test-support), then {@code args}: a broker command to launch.
     */
    public static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                StandInBroker.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        System.out.println("args: " + String.join(" ", args));
        System.out.flush();
        int port = 0;
        String host = "127.0.0.1";
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fail")) {
                System.out.println("refusing to start: bad configuration");
                System.exit(3);
            }
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
            if (args[i].equals("--set")) {
                String[] kv = args[i + 1].split("=", 2);
                sets.put(kv[0], kv[1]);
            }
        }
        Map<String, String> listeners = listeners(sets.getOrDefault("listeners", ""));
        if (listeners.containsKey("PLAINTEXT")) {
            String[] hostPort = listeners.get("PLAINTEXT").split(":");
            host = hostPort[0];
            port = Integer.parseInt(hostPort[1]);
        }
        if (listeners.containsKey("CONTROLLER")) {
            String[] hostPort = listeners.get("CONTROLLER").split(":");
            ServerSocket quorum = bind(hostPort[0], Integer.parseInt(hostPort[1]), 0); // lives as long as the client port
            Thread controller = new Thread(() -> serve(quorum), "controller");
            controller.setDaemon(true);
            controller.start();
        }
        if (sets.containsKey("controller.quorum.voters") && !awaitVoters(sets.get("controller.quorum.voters"))) {
            System.out.println("no quorum: a voter's controller port never answered");
            System.exit(4);
        }
        ServerSocket client = bind(host, port, IDLE_MS);
        System.out.println("listening on " + client.getLocalPort());
        System.out.flush();
        serve(client);
        System.exit(0);
    }

    /** {@code NAME://HOST:PORT,..} as name to host:port. */
    private static Map<String, String> listeners(String text) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String listener : text.split(",")) {
            int sep = listener.indexOf("://");
            if (sep > 0) {
                byName.put(listener.substring(0, sep), listener.substring(sep + 3));
            }
        }
        return byName;
    }

    /** Whether every voter of {@code ID@HOST:PORT,..} accepted a connection within the idle time. */
    private static boolean awaitVoters(String voters) throws InterruptedException {
        List<String[]> waiting = new ArrayList<>();
        for (String voter : voters.split(",")) {
            waiting.add(voter.substring(voter.indexOf('@') + 1).split(":"));
        }
        long deadlineNs = System.nanoTime() + IDLE_MS * 1_000_000L;
        while (!waiting.isEmpty()) {
            waiting.removeIf(StandInBroker::accepts);
            if (System.nanoTime() - deadlineNs > 0) {
                return false;
            }
            Thread.sleep(POLL_MS);
        }
        return true;
    }

    private static boolean accepts(String[] hostPort) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Binds host:port, accepts time out after {@code idleMs} (0: never); exits 5 when the port cannot be bound. */
    private static ServerSocket bind(String host, int port, int idleMs) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 50);
            server.setSoTimeout(idleMs);
            return server;
        } catch (IOException e) {
            System.out.println("cannot bind " + host + ":" + port + ": " + e);
            System.exit(5);
            throw new IllegalStateException(e);
        }
    }

    /** Accepts and closes connections until nobody came for the idle time. */
    private static void serve(ServerSocket server) {
        try (server) {
            while (true) {
                server.accept().close();
            }
        } catch (SocketTimeoutException e) {
            System.exit(0);
        } catch (IOException e) {
            System.out.println("accept failed: " + e);
        }
    }
}
