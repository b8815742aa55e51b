package dev.crucible.load.remote;

import dev.crucible.load.agent.Agent;
import dev.crucible.load.agent.AgentLink;
import dev.crucible.load.agent.Assignment;
import dev.crucible.load.agent.Command;
import dev.crucible.load.agent.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The coordinator's side of {@link WorkerServer}: every call has a deadline and fails as IOException. */
public final class RemoteAgent implements AgentLink {
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration SHORT = Duration.ofSeconds(3);
    private static final Duration LONG = Duration.ofSeconds(60);

    private final String hostPort;
    private final HttpClient http;

    private RemoteAgent(String hostPort) {
        this.hostPort = hostPort;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    }

    /** A link to the worker at HOST:PORT. */
    public static RemoteAgent of(String hostPort) {
        if (!hostPort.matches("[^:/]+:\\d+")) {
            throw new IllegalArgumentException("worker " + hostPort + " is not HOST:PORT");
        }
        return new RemoteAgent(hostPort);
    }

    @Override
    public String name() {
        return hostPort;
    }

    @Override
    public Agent.ClockProbe probe() throws IOException {
        return call("probe", "{}", Agent.ClockProbe.class, SHORT);
    }

    @Override
    public Status prepare(Assignment a) throws IOException {
        return call("prepare", a, Status.class, LONG);
    }

    @Override
    public Status start(String runId, long startAtNs, long measureFromNs, long endNs) throws IOException {
        return call("start", new Wire.StartRequest(runId, startAtNs, measureFromNs, endNs), Status.class, SHORT);
    }

    @Override
    public Status heartbeat(Command c) throws IOException {
        return call("heartbeat", c, Status.class, c.finish() ? LONG : SHORT);
    }

    @Override
    public Status abort(String runId, String why) throws IOException {
        return call("abort", new Wire.AbortRequest(runId, why), Status.class, SHORT);
    }

    private <T> T call(String endpoint, Object body, Class<T> type, Duration timeout) throws IOException {
        byte[] json = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : Wire.JSON.writeValueAsBytes(body);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + hostPort + "/v1/" + endpoint))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling worker " + hostPort);
        } catch (IOException e) {
            throw new IOException("worker " + hostPort + " " + endpoint + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (resp.statusCode() != 200) {
            String msg;
            try {
                msg = Wire.JSON.readValue(resp.body(), Wire.ErrorBody.class).error();
            } catch (IOException e) {
                msg = "HTTP " + resp.statusCode();
            }
            if (resp.statusCode() == 409) {
                throw new IllegalStateException("worker " + hostPort + " refused: " + msg);
            }
            throw new IOException("worker " + hostPort + " " + endpoint + " failed: " + msg);
        }
        return Wire.JSON.readValue(resp.body(), type);
    }
}
