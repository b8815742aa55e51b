package dev.crucible.chaos;

import dev.crucible.chaos.cluster.Cluster;
import dev.crucible.chaos.cluster.Liveness;
import dev.crucible.chaos.cluster.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the target itself came through the run, whatever the nemesis: no launched node exited
 * that no nemesis stopped (a crash), and every node answered ApiVersions after every heal and at
 * the end (see {@link Liveness}). Either failure fails the run like an anomaly does, since a broker
 * that dies or goes silent under faults (or under well-formed admin requests) is a defect even when
 * no acknowledged write was lost.
 *
 * @param crashes one line per exit nobody asked for
 * @param unanswered one line per address that did not answer a check in time
 * @param checks how many liveness checks ran
 */
record TargetVerdict(List<String> crashes, List<String> unanswered, int checks) {

    TargetVerdict {
        crashes = List.copyOf(crashes);
        unanswered = List.copyOf(unanswered);
    }

    static TargetVerdict of(Cluster cluster, Liveness liveness) {
        List<String> crashes = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            crashes.addAll(n.crashes());
        }
        return new TargetVerdict(crashes, liveness.unanswered(), liveness.checks());
    }

    boolean healthy() {
        return crashes.isEmpty() && unanswered.isEmpty();
    }

    /** "crashed", "not answering", "crashed, not answering" or "ok". */
    String word() {
        List<String> w = new ArrayList<>();
        if (!crashes.isEmpty()) {
            w.add("crashed");
        }
        if (!unanswered.isEmpty()) {
            w.add("not answering");
        }
        return w.isEmpty() ? "ok" : String.join(", ", w);
    }

    /** The summary's lines about the target. */
    List<String> lines() {
        if (healthy()) {
            return List.of("target: ok: no node exited by itself; every node answered ApiVersions in " + checks
                    + " check(s)");
        }
        List<String> out = new ArrayList<>();
        out.add("target: FAILED (" + word() + ")");
        crashes.forEach(c -> out.add("  CRASHED: " + c));
        unanswered.forEach(u -> out.add("  NOT ANSWERING: " + u));
        return out;
    }

    /** verdict.json's "target". */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthy", healthy());
        m.put("verdict", word());
        m.put("crashes", crashes);
        m.put("unanswered", unanswered);
        m.put("checks", checks);
        return m;
    }
}
