package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** {@code kill}: SIGKILL nodes; healing restarts them (all together) on the same port and data. */
public final class KillNemesis implements Nemesis {
    private final List<Node> nodes;
    private final Duration restartTimeout;

    public KillNemesis(List<Node> nodes, Duration restartTimeout) {
        this.nodes = List.copyOf(nodes);
        this.restartTimeout = restartTimeout;
    }

    @Override
    public String name() {
        return "kill";
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        List<Node> hit = Targets.nodes(nodes, random, params);
        List<Long> pids = new ArrayList<>();
        for (Node n : hit) {
            pids.add(n.pid().orElse(-1L));
            n.kill();
        }
        String description = "SIGKILL " + Targets.names(hit) + " (pid " + pids + ")";
        StringBuilder probe = new StringBuilder();
        for (int i = 0; i < hit.size(); i++) {
            probe.append(hit.get(i).name()).append(": pid ").append(pids.get(i)).append(' ')
                    .append(Targets.procState(pids.get(i))).append(", alive=").append(hit.get(i).alive()).append("; ");
        }
        return new Fault(description, probe.toString().trim(), () -> {
            long t0 = System.nanoTime();
            Node.restartAll(hit, restartTimeout); // together: killed voters of a cluster answer only once a quorum is back
            long ms = (System.nanoTime() - t0) / 1_000_000;
            StringBuilder out = new StringBuilder();
            for (Node n : hit) {
                out.append(n.name()).append(" restarted as pid ").append(n.pid().orElse(-1L))
                        .append(", accepting connections after ").append(ms).append(" ms; ");
            }
            return out.toString().trim();
        });
    }
}
