package dev.crucible.launch.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before anything starts, that a port a node will listen on is free on 127.0.0.1. */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * Throws naming {@code port} and its {@code role} when something already listens there;
     * {@code advice} ends the message (what else the user may do besides stopping the holder).
     */
    public static void requireFree(int port, String role, String advice) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IOException("port " + port + " (" + role + ") is already in use on 127.0.0.1; stop what holds it or "
                    + advice, e);
        }
    }
}
