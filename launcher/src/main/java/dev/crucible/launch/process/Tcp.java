package dev.crucible.launch.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** TCP checks shared by every launcher: is a broker's port answering, and a free loopback port. */
public final class Tcp {
    private Tcp() {}

    /** Whether host:port accepts a TCP connection within {@code timeoutMs}. */
    public static boolean accepts(String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freeLoopbackPort() throws IOException {
        return freeLoopbackPorts(1).get(0);
    }

    /** {@code count} distinct ports on 127.0.0.1 that were free a moment ago (all held open at once while chosen). */
    public static List<Integer> freeLoopbackPorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
