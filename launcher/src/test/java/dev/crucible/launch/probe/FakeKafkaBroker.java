package dev.crucible.launch.probe;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Decodes ApiVersions v0 requests and answers each with a one-key v0 table, on 127.0.0.1. */
final class FakeKafkaBroker implements AutoCloseable {

    /** What the fake broker does with a request. */
    enum Mode { ANSWER, WRONG_CORRELATION_ID, SILENT }

    /** A request as the fake broker decoded it. */
    record Request(int size, short apiKey, short apiVersion, int correlationId, short clientIdLength,
            String clientId) {}

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    volatile Mode mode = Mode.ANSWER;
    private final ServerSocket server;
    private final Thread thread;

    /** Listens on {@code port} of 127.0.0.1 (0: any free port). */
    FakeKafkaBroker(int port) throws IOException {
        server = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "test-fake-broker");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** One connection at a time, one request each: enough for a probe. */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                Request request = decode(in);
                requests.add(request);
                if (mode == Mode.SILENT) {
                    in.read(); // until the client gives up and closes
                    continue;
                }
                int correlationId = request.correlationId()
                        + (mode == Mode.WRONG_CORRELATION_ID ? 1000 : 0);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(4 + 2 + 4 + 6);
                out.writeInt(correlationId);
                out.writeShort(0); // error_code
                out.writeInt(1); // api_keys: ApiVersions 0..3
                out.writeShort(18);
                out.writeShort(0);
                out.writeShort(3);
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: next connection
            }
        }
    }

    private static Request decode(DataInputStream in) throws IOException {
        int size = in.readInt();
        short apiKey = in.readShort();
        short apiVersion = in.readShort();
        int correlationId = in.readInt();
        short clientIdLength = in.readShort();
        byte[] clientId = new byte[Math.max(0, clientIdLength)];
        in.readFully(clientId);
        return new Request(size, apiKey, apiVersion, correlationId, clientIdLength,
                clientIdLength < 0 ? null : new String(clientId, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
