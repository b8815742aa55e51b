package dev.crucible.check.linear;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.model.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knossos's preprocessing, exactly: pair each invocation with its process's next completion, fill
 * the invocation's value from an ok completion, drop failed operations (they had no effect), and
 * treat info completions and invocations never completed as crashed. Nemesis records are ignored.
 *
 * <p>Real-time order: by the events' {@code time} when every client event has one (calls before
 * returns at equal times, so intervals are closed: an operation returning at t=20 is concurrent
 * with one invoked at t=20), else by position in the history.
 */
public final class Preprocess {
    private Preprocess() {}

    /** The operations of {@code events}, ids assigned oks-first (see {@link Operation#id()}). */
    public static List<Operation> operations(List<Op> events, Path source) {
        boolean timed = events.stream().filter(Op::isClient).allMatch(e -> e.time() >= 0);
        Map<Long, Integer> pending = new HashMap<>();
        List<int[]> pairs = new ArrayList<>();
        List<Op> client = new ArrayList<>();
        for (Op e : events) {
            if (!e.isClient()) {
                continue;
            }
            client.add(e);
            int at = client.size() - 1;
            Integer open = pending.get(e.processId());
            if (e.type() == OpType.INVOKE) {
                if (open != null) {
                    throw new HistoryFormatException(source, e.line(), "process " + e.process()
                            + " invoked again before its operation (event " + client.get(open).index() + ") completed");
                }
                pending.put(e.processId(), at);
            } else {
                if (open == null) {
                    throw new HistoryFormatException(source, e.line(), "a " + e.type().text() + " of process " + e.process()
                            + " with no invocation before it");
                }
                pending.remove(e.processId());
                pairs.add(new int[] {open, at});
            }
        }
        pending.values().forEach(open -> pairs.add(new int[] {open, -1}));
        return build(client, pairs, timed);
    }

    private static List<Operation> build(List<Op> client, List<int[]> pairs, boolean timed) {
        long[] order = realTimeOrder(client, timed);
        List<Operation> oks = new ArrayList<>();
        List<Operation> crashed = new ArrayList<>();
        for (int[] p : pairs) {
            Op inv = client.get(p[0]);
            Op done = p[1] < 0 ? null : client.get(p[1]);
            if (done != null && done.type() == OpType.FAIL) {
                continue;
            }
            boolean isCrashed = done == null || done.type() == OpType.INFO;
            Object key = inv.extra().get("key");
            if (isCrashed) {
                crashed.add(new Operation(-1, inv.processId(), inv.f(), inv.value(), null, true, inv.index(),
                        done == null ? -1 : done.index(), order[p[0]], Long.MAX_VALUE, key));
            } else {
                oks.add(new Operation(-1, inv.processId(), inv.f(), done.value(), done.value(), false, inv.index(),
                        done.index(), order[p[0]], order[p[1]], key));
            }
        }
        oks.sort(Comparator.comparingLong(Operation::returnOrder));
        crashed.sort(Comparator.comparingLong(Operation::callOrder));
        List<Operation> all = new ArrayList<>(oks.size() + crashed.size());
        oks.forEach(o -> all.add(withId(o, all.size())));
        crashed.forEach(o -> all.add(withId(o, all.size())));
        return all;
    }

    static Operation withId(Operation o, int id) {
        return new Operation(id, o.process(), o.f(), o.value(), o.output(), o.crashed(), o.invokeIndex(),
                o.completeIndex(), o.callOrder(), o.returnOrder(), o.key());
    }

    /** Each client event's rank in real time; calls sort before returns at equal times. */
    private static long[] realTimeOrder(List<Op> client, boolean timed) {
        Integer[] idx = new Integer[client.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        if (timed) {
            java.util.Arrays.sort(idx, Comparator.<Integer>comparingLong(i -> client.get(i).time())
                    .thenComparingInt(i -> client.get(i).type() == OpType.INVOKE ? 0 : 1)
                    .thenComparingInt(i -> i));
        }
        long[] rank = new long[idx.length];
        for (int r = 0; r < idx.length; r++) {
            rank[idx[r]] = r;
        }
        return rank;
    }
}
