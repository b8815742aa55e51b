package dev.crucible.load.remote;

import dev.crucible.launch.process.Foreground;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.crucible.load.agent.Agent;
import dev.crucible.load.agent.Assignment;
import dev.crucible.load.agent.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * {@code crucible worker}: an {@link Agent} behind HTTP/JSON. Endpoints (all POST):
 * <pre>
 *   /v1/probe      -> ClockProbe               (clock alignment)
 *   /v1/prepare    Assignment -> Status        (idempotent per run id; 409 when busy with another run)
 *   /v1/start      {runId, startAtNs, measureFromNs, endNs} -> Status
 *   /v1/heartbeat  Command -> Status           (keeps the lease; carries the 1-second reports)
 *   /v1/abort      {runId, why} -> Status
 * </pre>
 * Errors answer 409 (fenced: another run) or 400/500 with {"error": "..."}.
 */
public final class WorkerServer implements AutoCloseable {
    private final HttpServer server;
    private final Agent agent = new Agent();

    private WorkerServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (port 0 picks one). */
    public static WorkerServer start(String host, int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
        WorkerServer w = new WorkerServer(s);
        s.createContext("/v1/", w::handle);
        s.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "crucible-worker-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return w;
    }

    /**
     * A worker on its own, for child processes and scripts: {@code WorkerServer [PORT [HOST]]}; prints
     * "listening on PORT" once it accepts calls. (Users run {@code crucible worker}.)
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        WorkerServer w = start(host, port);
        System.out.println("listening on " + w.port());
        System.out.flush();
        w.serveUntilShutdown();
    }

    /** Serves until this JVM shuts down (Ctrl-C, SIGTERM), closing the server on the way out. */
    public void serveUntilShutdown() throws InterruptedException {
        Foreground.closeAtExit("crucible-worker-shutdown", this::close).await();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, new Wire.ErrorBody("POST only"));
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(256 << 20);
            }
            String path = ex.getRequestURI().getPath();
            try {
                reply(ex, 200, dispatch(path, body));
            } catch (Agent.FencedException e) {
                reply(ex, 409, new Wire.ErrorBody(e.getMessage()));
            } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException e) {
                reply(ex, 400, new Wire.ErrorBody("bad request to " + path + ": " + e.getMessage()));
            } catch (Exception e) {
                reply(ex, 500, new Wire.ErrorBody(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private Object dispatch(String path, byte[] body) throws Exception {
        switch (path) {
            case "/v1/probe":
                return agent.probe();
            case "/v1/prepare":
                return agent.prepare(Wire.JSON.readValue(body, Assignment.class));
            case "/v1/start":
                Wire.StartRequest s = Wire.JSON.readValue(body, Wire.StartRequest.class);
                return agent.start(s.runId(), s.startAtNs(), s.measureFromNs(), s.endNs());
            case "/v1/heartbeat":
                return agent.heartbeat(Wire.JSON.readValue(body, Command.class));
            case "/v1/abort":
                Wire.AbortRequest a = Wire.JSON.readValue(body, Wire.AbortRequest.class);
                return agent.abort(a.runId(), a.why());
            default:
                throw new IllegalArgumentException("no such endpoint");
        }
    }

    private static void reply(HttpExchange ex, int code, Object value) throws IOException {
        byte[] bytes = Wire.JSON.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
