package dev.crucible.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Models;
import dev.crucible.check.model.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** On small random histories the search agrees with trying every order (a brute-force oracle). */
class OracleTest {
    private static final long SEED = Long.getLong("crucible.check.seed", 7L);

    @Test
    void theSearchAgreesWithBruteForceOnRandomSmallHistories() {
        System.out.println("OracleTest seed " + SEED + " (rerun with -Dcrucible.check.seed=N)");
        Random rnd = new Random(SEED);
        Model model = Models.byName("cas-register");
        int valid = 0;
        for (int round = 0; round < 3000; round++) {
            List<Op> h = randomHistory(rnd, 2 + rnd.nextInt(3), 1 + rnd.nextInt(3));
            List<Operation> ops = Preprocess.operations(h, null);
            boolean expected = brute(model, ops, new boolean[ops.size()], model.init(), 0);
            CheckResult got = Linearizability.check(model, h, null, Linearizability.Settings.defaults());
            assertThat(got.verdict()).as("round " + round + ": " + h).isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("both verdicts exercised").isBetween(300, 2700);
    }

    private static List<Op> randomHistory(Random rnd, int processes, int opsEach) {
        List<Op> events = new ArrayList<>();
        int[] left = new int[processes];
        Object[][] open = new Object[processes][];
        java.util.Arrays.fill(left, opsEach);
        while (true) {
            List<Integer> can = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                if (open[p] != null || left[p] > 0) {
                    can.add(p);
                }
            }
            if (can.isEmpty()) {
                return events;
            }
            int p = can.get(rnd.nextInt(can.size()));
            if (open[p] == null) {
                int kind = rnd.nextInt(3);
                String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                Object v = kind == 0 ? null : kind == 1 ? (Object) (long) rnd.nextInt(3)
                        : List.of((long) rnd.nextInt(3), (long) rnd.nextInt(3));
                open[p] = new Object[] {f, v};
                left[p]--;
                events.add(new Op(events.size(), OpType.INVOKE, (long) p, f, v, -1, Map.of(), 0));
            } else {
                String f = (String) open[p][0];
                int outcome = rnd.nextInt(10);
                OpType type = outcome == 0 ? OpType.INFO : outcome == 1 && f.equals("cas") ? OpType.FAIL : OpType.OK;
                Object v = f.equals("read") && type == OpType.OK ? (Object) (long) rnd.nextInt(3) : open[p][1];
                events.add(new Op(events.size(), type, (long) p, f, v, -1, Map.of(), 0));
                open[p] = null;
                if (type == OpType.INFO) {
                    left[p] = 0;
                }
            }
        }
    }

    /** Every order consistent with real time; crashed operations may be left out. */
    private static boolean brute(Model m, List<Operation> ops, boolean[] done, Object state, int doneOk) {
        long oks = ops.stream().filter(o -> !o.crashed()).count();
        if (doneOk == oks) {
            return true;
        }
        for (Operation o : ops) {
            if (done[o.id()] || !minimal(ops, done, o)) {
                continue;
            }
            Object next = m.step(state, o);
            if (next == null) {
                continue;
            }
            done[o.id()] = true;
            boolean ok = brute(m, ops, done, next, doneOk + (o.crashed() ? 0 : 1));
            done[o.id()] = false;
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** No pending operation returned before {@code o} was called. */
    private static boolean minimal(List<Operation> ops, boolean[] done, Operation o) {
        for (Operation other : ops) {
            if (!done[other.id()] && other != o && !other.crashed() && other.returnOrder() < o.callOrder()) {
                return false;
            }
        }
        return true;
    }
}
