package dev.crucible.check.model;

import dev.crucible.check.history.Keyword;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registers under keys, read and written in transactions: {@code :txn [[:read :x 1] [:write :y 2]]}.
 * Every key starts at 0 (Knossos's multi-register tests start {:x 0 :y 0}); a read of nil is
 * unknown. Operations fall into independent partitions by the keys they touch (connected
 * components: a transaction over x and y joins them).
 */
public final class MultiRegister implements Model {
    private final Object initial;

    /** @param initial every key's initial value */
    public MultiRegister(Object initial) {
        this.initial = initial;
    }

    @Override
    public Object init() {
        return Map.of();
    }

    @Override
    public Object step(Object state, Operation op) {
        if (!op.f().equals("txn")) {
            throw new IllegalArgumentException("multi-register has only :txn, not '" + op.f() + "'");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> s = (Map<Object, Object>) state;
        Map<Object, Object> next = null;
        for (List<?> micro : micros(op)) {
            String f = name(micro.get(0));
            Object k = micro.get(1);
            Object v = micro.size() > 2 ? micro.get(2) : null;
            Map<Object, Object> cur = next == null ? s : next;
            if (f.equals("read") || f.equals("r")) {
                if (!op.crashed() && v != null && !Objects.equals(cur.getOrDefault(k, initial), v)) {
                    return null;
                }
            } else if (f.equals("write") || f.equals("w")) {
                if (next == null) {
                    next = new HashMap<>(s);
                }
                next.put(k, v);
            } else {
                throw new IllegalArgumentException("unknown micro-op " + micro + " in " + op.describe());
            }
        }
        return next == null ? s : Map.copyOf(next);
    }

    private static List<List<?>> micros(Operation op) {
        if (!(op.value() instanceof List<?> l)) {
            throw new IllegalArgumentException("a txn's value is a list of [f k v]: " + op.describe());
        }
        List<List<?>> out = new ArrayList<>();
        for (Object m : l) {
            if (!(m instanceof List<?> micro) || micro.size() < 2) {
                throw new IllegalArgumentException("a micro-op is [f k v]: " + m + " in " + op.describe());
            }
            out.add(micro);
        }
        return out;
    }

    private static String name(Object f) {
        return f instanceof Keyword k ? k.name() : String.valueOf(f);
    }

    @Override
    public List<List<Operation>> partition(List<Operation> ops) {
        Map<Object, Object> parent = new HashMap<>();
        for (Operation o : ops) {
            Object first = null;
            for (List<?> m : micros(o)) {
                Object k = m.get(1);
                parent.putIfAbsent(k, k);
                if (first == null) {
                    first = k;
                } else {
                    parent.put(root(parent, k), root(parent, first));
                }
            }
        }
        Map<Object, List<Operation>> groups = new LinkedHashMap<>();
        for (Operation o : ops) {
            List<List<?>> ms = micros(o);
            Object group = ms.isEmpty() ? "" : root(parent, ms.get(0).get(1));
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(o);
        }
        return new ArrayList<>(groups.values());
    }

    private static Object root(Map<Object, Object> parent, Object k) {
        Object r = k;
        while (!Objects.equals(parent.get(r), r)) {
            r = parent.get(r);
        }
        return r;
    }

    @Override
    public String name() {
        return "multi-register";
    }
}
