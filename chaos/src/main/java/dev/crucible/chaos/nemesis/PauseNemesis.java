package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Node;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** {@code pause}: SIGSTOP nodes; healing sends SIGCONT. */
public final class PauseNemesis implements Nemesis {
    private final List<Node> nodes;

    public PauseNemesis(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        List<Node> hit = Targets.nodes(nodes, random, params);
        for (Node n : hit) {
            n.pause();
        }
        awaitState(hit, "T");
        String description = "SIGSTOP " + Targets.names(hit);
        String probe = states(hit);
        return new Fault(description, probe, () -> {
            for (Node n : hit) {
                n.resume();
            }
            awaitNotState(hit, "T");
            return states(hit);
        });
    }

    /** Signals are delivered asynchronously: wait (up to 2 s) until /proc shows them taken. */
    private static void awaitState(List<Node> hit, String state) throws InterruptedException {
        for (int i = 0; i < 40 && !hit.stream().allMatch(n -> state.equals(Targets.procState(n.pid().orElse(-1L)))); i++) {
            Thread.sleep(50);
        }
    }

    private static void awaitNotState(List<Node> hit, String state) throws InterruptedException {
        for (int i = 0; i < 40 && hit.stream().anyMatch(n -> state.equals(Targets.procState(n.pid().orElse(-1L)))); i++) {
            Thread.sleep(50);
        }
    }

    /** E.g. "n0 pid 4711 state T" (T: stopped). */
    private static String states(List<Node> hit) {
        StringBuilder out = new StringBuilder();
        for (Node n : hit) {
            long pid = n.pid().orElse(-1L);
            out.append(n.name()).append(" pid ").append(pid).append(" state ").append(Targets.procState(pid)).append("; ");
        }
        return out.toString().trim();
    }
}
