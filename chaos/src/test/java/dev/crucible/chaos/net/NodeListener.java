package dev.crucible.chaos.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * node_listener.py run as node {@code node} of a lab (through its command prefix, as the chaos
 * runner starts brokers): TCP and UDP on the node's address. Lives at most {@link #LIFETIME};
 * {@link #close()} stops it earlier, by its process.
 */
final class NodeListener implements AutoCloseable {

    static final int PORT = 9092;
    static final String PYTHON = "/usr/bin/python3";
    private static final Duration LIFETIME = Duration.ofSeconds(60);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private NodeListener(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLines, "node-listener-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static NodeListener start(NetLab lab, int node) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(lab.commandPrefix(node));
        command.addAll(List.of(PYTHON, "-c", script(), lab.nodeAddress(node), Integer.toString(PORT),
                Long.toString(LIFETIME.toSeconds())));
        NodeListener listener = new NodeListener(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        String first = listener.lines.poll(10, TimeUnit.SECONDS);
        if (!"ready".equals(first)) {
            listener.close();
            throw new IOException("listener on n" + node + " did not start: " + first);
        }
        return listener;
    }

    /** The next "udp SOURCE PAYLOAD" line, or null after {@code timeout}. */
    String nextDatagram(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the listener: SIGTERM to its process, SIGKILL if it lingers. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the pipe closes when the process ends
        }
    }

    private static String script() throws IOException {
        try (InputStream in = NodeListener.class.getResourceAsStream("node_listener.py")) {
            if (in == null) {
                throw new IOException("node_listener.py not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
