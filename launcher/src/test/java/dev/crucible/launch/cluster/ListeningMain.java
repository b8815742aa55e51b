package dev.crucible.launch.cluster;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Stand-in for a broker in child processes: {@code --port P} (other options ignored) binds P on
 * 127.0.0.1, says so and accepts until killed (at most 120 s); {@code --fail} says why and exits 3.
 */
public final class ListeningMain {
    private ListeningMain() {}

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fail")) {
                System.out.println("refusing to start: bad configuration");
                System.exit(3);
            }
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + server.getLocalPort());
            server.setSoTimeout(120_000);
            while (true) {
                Socket s = server.accept();
                s.close();
            }
        }
    }
}
