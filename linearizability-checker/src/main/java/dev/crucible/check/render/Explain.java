package dev.crucible.check.render;

import dev.crucible.check.linear.CheckResult;
import dev.crucible.check.linear.SearchResult;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The verdict in words, Knossos's counterexample fields included, for the terminal. */
public final class Explain {
    private Explain() {}

    /** Lines of text describing the result. */
    public static List<String> lines(CheckResult r, Model model) {
        List<String> out = new ArrayList<>();
        long crashed = r.operations().stream().filter(Operation::crashed).count();
        String stats = String.format(Locale.ROOT, "%d operations (%d crashed), %d partition(s), %,d configurations,"
                + " %.1f ms", r.operations().size(), crashed, r.partitions(), r.configs(), r.elapsedNs() / 1e6);
        switch (r.verdict()) {
            case VALID -> out.add("VALID: linearizable (model " + model.name() + "); " + stats);
            case UNKNOWN -> out.add("UNKNOWN: the search stopped at its " + r.reason() + " before deciding (model "
                    + model.name() + "); " + stats);
            case INVALID -> invalid(out, r, model, stats);
            default -> throw new IllegalStateException();
        }
        return out;
    }

    private static void invalid(List<String> out, CheckResult r, Model model, String stats) {
        SearchResult s = r.invalid();
        Operation f = s.failing();
        out.add("INVALID: not linearizable (model " + model.name() + "); " + stats);
        out.add("  cannot be linearized: index " + f.completeIndex() + "  " + f.describe() + "  (invoked at index "
                + f.invokeIndex() + ")");
        out.add("  previous ok:          " + (r.previousOk() == null ? "none"
                : "index " + r.previousOk().index() + "  " + r.previousOk().describe()));
        List<String> states = new ArrayList<>();
        s.states().forEach(st -> states.add(model.show(st)));
        out.add("  states reached with everything before it linearized: " + String.join(", ", states));
        List<String> pending = new ArrayList<>();
        for (Operation o : r.operations()) {
            if (o.invokeIndex() != f.invokeIndex() && o.callOrder() < f.returnOrder() && o.returnOrder() > f.callOrder()
                    && (o.key() == null || o.key().equals(f.key()))) {
                pending.add(o.describe() + " [index " + o.invokeIndex() + "]");
            }
        }
        out.add("  concurrent with it: " + (pending.isEmpty() ? "nothing" : String.join("; ",
                pending.subList(0, Math.min(12, pending.size()))) + (pending.size() > 12 ? "; ..." : "")));
        List<Operation> longest = s.longest();
        int from = Math.max(0, longest.size() - 8);
        List<String> tail = new ArrayList<>();
        longest.subList(from, longest.size()).forEach(o -> tail.add(o.describe()));
        out.add("  longest partial linearization: " + longest.size() + " operations, ending "
                + (from > 0 ? "... " : "") + String.join(" -> ", tail));
    }
}
