package dev.crucible.launch.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The wait after nodes were {@link Node#spawn() spawned}: until every one accepts connections, all
 * within one timeout. Each round checks every node, so the first to exit is reported at once even
 * while another is still being waited for (in a cluster a node may wait on the one that died).
 */
public final class StartWait {
    private static final long POLL_MS = 100;

    private StartWait() {}

    /**
     * Returns once every node in {@code nodes} accepts connections; throws when one exits first
     * (naming its exit code, quoting its log) or when {@code timeout} passes (naming each node still
     * silent, with its log).
     */
    public static void untilAnswering(List<? extends Node> nodes, Duration timeout) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        List<Node> waiting = new ArrayList<>(nodes);
        while (true) {
            for (Node n : nodes) {
                n.requireRunning();
            }
            waiting.removeIf(Node::answers);
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw new IOException(silence(waiting, nodes.size(), timeout));
            }
            Thread.sleep(POLL_MS);
        }
    }

    private static String silence(List<Node> waiting, int of, Duration timeout) {
        StringBuilder message = new StringBuilder();
        if (of > 1) {
            message.append(waiting.size()).append(" of ").append(of).append(" nodes did not accept connections within ")
                    .append(timeout.toSeconds()).append(" s:");
        }
        for (Node n : waiting) {
            if (of > 1) {
                message.append('\n');
            }
            message.append(n.name()).append(" did not accept connections on ").append(n.bootstrap()).append(" within ")
                    .append(timeout.toSeconds()).append(" s; ").append(n.logTail());
        }
        return message.toString();
    }
}
