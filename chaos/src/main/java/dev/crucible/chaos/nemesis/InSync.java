package dev.crucible.chaos.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Picks the partition a leadership fault works on: one whose three or more replicas are all in sync. */
final class InSync {
    private static final int MIN_REPLICAS = 3;
    private static final long POLL_MS = 250;

    private InSync() {}

    /**
     * The partition named by {@code params} ("partition"), else one chosen with {@code random} among those fully in
     * sync; waits up to {@code waitMs} for one to be (an earlier fault may still be healing).
     *
     * @throws IllegalStateException naming the partitions' roles when none is in sync in time
     */
    static Leadership.Roles pick(Leadership leadership, String topic, Random random, Map<String, Object> params, long waitMs)
            throws Exception {
        Object named = params.get("partition");
        Integer wanted = named == null ? null : Integer.valueOf(String.valueOf(named));
        long end = System.nanoTime() + waitMs * 1_000_000;
        List<Leadership.Roles> seen = List.of();
        while (true) {
            try {
                seen = leadership.of(topic);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                seen = List.of();
            }
            List<Leadership.Roles> ready = new ArrayList<>();
            for (Leadership.Roles r : seen) {
                if (r.fullyInSync(MIN_REPLICAS) && (wanted == null || r.partition() == wanted)) {
                    ready.add(r);
                }
            }
            if (wanted != null && wanted >= seen.size() && !seen.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " has no partition " + wanted + " (it has " + seen.size() + ")");
            }
            if (!ready.isEmpty()) {
                return ready.get(random.nextInt(ready.size()));
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("no partition of " + topic + (wanted == null ? "" : " numbered " + wanted)
                        + " had " + MIN_REPLICAS + " or more replicas all in sync within " + waitMs / 1000 + " s: " + seen);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
