package dev.crucible.check.linear;

import dev.crucible.check.model.Model;
import dev.crucible.check.model.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing-Gong-Lowe search over one partition, with Lowe's cache of (linearized set, state).
 *
 * <p>Call and return events sit in a doubly linked list in real-time order, crashed operations'
 * returns after everything else. The search walks the list: at a call it tries to take the
 * operation now (the model accepts it and the configuration is new), lifting its call and return
 * out of the list and starting over; at an ok return whose call was never taken it backtracks;
 * reaching the end, or a crashed return (only crashed operations remain, which may never take
 * effect), proves the partition linearizable. With nothing left to backtrack, it is not.
 */
final class Search {
    private final Model model;
    private final Operation[] ops;
    private final int okCount;
    private final Limits limits;
    // Linked list over event slots: 0 = head, 1..2n = events, 2n+1 = tail.
    private final int[] next;
    private final int[] prev;
    private final int[] opOf;
    private final boolean[] isCall;
    private final int[] returnSlot;
    private final Set<Config> cache = new HashSet<>();
    private int[] longest = new int[0];

    /** @param ops the partition's operations, ids 0..n-1 with oks first */
    Search(Model model, List<Operation> ops, Limits limits) {
        this.model = model;
        this.ops = ops.toArray(Operation[]::new);
        this.okCount = (int) ops.stream().filter(o -> !o.crashed()).count();
        this.limits = limits;
        int n = this.ops.length;
        next = new int[2 * n + 2];
        prev = new int[2 * n + 2];
        opOf = new int[2 * n + 2];
        isCall = new boolean[2 * n + 2];
        returnSlot = new int[n];
        link();
    }

    private void link() {
        int n = ops.length;
        long[][] events = new long[2 * n][];
        for (Operation o : ops) {
            events[2 * o.id()] = new long[] {o.callOrder(), 0, o.id(), 1};
            long ret = o.crashed() ? Long.MAX_VALUE : o.returnOrder();
            events[2 * o.id() + 1] = new long[] {ret, o.crashed() ? 2 : 1, o.id(), 0};
        }
        Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        for (int s = 1; s <= 2 * n; s++) {
            long[] e = events[s - 1];
            opOf[s] = (int) e[2];
            isCall[s] = e[3] == 1;
            if (!isCall[s]) {
                returnSlot[opOf[s]] = s;
            }
            prev[s] = s - 1;
            next[s - 1] = s;
        }
        next[2 * n] = 2 * n + 1;
        prev[2 * n + 1] = 2 * n;
    }

    private void lift(int call) {
        int ret = returnSlot[opOf[call]];
        next[prev[call]] = next[call];
        prev[next[call]] = prev[call];
        next[prev[ret]] = next[ret];
        prev[next[ret]] = prev[ret];
    }

    private void unlift(int call) {
        int ret = returnSlot[opOf[call]];
        prev[next[ret]] = ret;
        next[prev[ret]] = ret;
        prev[next[call]] = call;
        next[prev[call]] = call;
    }

    /** Runs the search. */
    SearchResult run() {
        int tail = 2 * ops.length + 1;
        Object state = model.init();
        Bits linearized = Bits.empty(ops.length);
        cache.add(new Config(linearized, state));
        int[] stackSlot = new int[ops.length];
        Object[] stackState = new Object[ops.length];
        Bits[] stackBits = new Bits[ops.length];
        int depth = 0;
        int entry = next[0];
        long steps = 0;
        while (true) {
            if ((++steps & 1023) == 0) {
                String stop = limits.exceeded(cache.size());
                if (stop != null) {
                    return SearchResult.unknown(stop, cache.size());
                }
            }
            if (entry == tail || (!isCall[entry] && ops[opOf[entry]].crashed())) {
                return SearchResult.valid(cache.size());
            }
            if (!isCall[entry]) {
                if (depth == 0) {
                    return SearchResult.invalid(cache, okCount, longest, ops);
                }
                depth--;
                entry = stackSlot[depth];
                state = stackState[depth];
                linearized = stackBits[depth];
                unlift(entry);
                entry = next[entry];
                continue;
            }
            Operation op = ops[opOf[entry]];
            Object after = model.step(state, op);
            if (after != null) {
                Bits more = linearized.with(op.id());
                if (cache.add(new Config(more, after))) {
                    stackSlot[depth] = entry;
                    stackState[depth] = state;
                    stackBits[depth] = linearized;
                    depth++;
                    if (depth > longest.length) {
                        longest = new int[depth];
                        for (int i = 0; i < depth; i++) {
                            longest[i] = opOf[stackSlot[i]];
                        }
                    }
                    state = after;
                    linearized = more;
                    lift(entry);
                    entry = next[0];
                    continue;
                }
            }
            entry = next[entry];
        }
    }

    /** Configurations that linearized every ok operation below {@code id}: their states. */
    static List<Object> statesUpTo(Set<Config> cache, int id, int cap) {
        List<Object> states = new ArrayList<>();
        for (Config c : cache) {
            if (c.linearized().contiguous() >= id && !states.contains(c.state())) {
                states.add(c.state());
                if (states.size() >= cap) {
                    break;
                }
            }
        }
        return states;
    }
}
