package dev.crucible.load.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before any node starts, that every port a peer will listen on is free on 127.0.0.1. */
final class LoopbackPorts {

    private LoopbackPorts() {}

    /** Throws naming the first port of {@code spec} something else already listens on. */
    static void requireFree(KafkaPeerSpec spec) throws IOException {
        for (int i = 0; i < spec.nodes(); i++) {
            requireFree(spec.clientPort(i), "client port of node " + (i + 1));
            requireFree(spec.controllerPort(i), "controller port of node " + (i + 1));
        }
    }

    private static void requireFree(int port, String role) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IOException(
                    "port " + port + " (" + role + ") is already in use on 127.0.0.1; stop what holds it or"
                            + " choose another base port (node i uses base+i and base+"
                            + KafkaPeerSpec.CONTROLLER_PORT_OFFSET + "+i)", e);
        }
    }
}
