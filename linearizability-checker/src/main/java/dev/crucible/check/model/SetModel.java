package dev.crucible.check.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** A set: add v; read returns every element (as a list or set; order ignored). Initially empty. */
public final class SetModel implements Model {
    @Override
    public Object init() {
        return Set.of();
    }

    @Override
    public Object step(Object state, Operation op) {
        @SuppressWarnings("unchecked")
        Set<Object> s = (Set<Object>) state;
        switch (op.f()) {
            case "add":
                if (s.contains(op.value())) {
                    return s;
                }
                Set<Object> more = new HashSet<>(s);
                more.add(op.value());
                return Set.copyOf(more);
            case "read":
                if (op.crashed() || op.value() == null) {
                    return s;
                }
                if (!(op.value() instanceof Collection<?> c)) {
                    throw new IllegalArgumentException("a set read returns a collection: " + op.describe());
                }
                return s.equals(new HashSet<>(c)) ? s : null;
            default:
                throw new IllegalArgumentException("set has no operation '" + op.f() + "'");
        }
    }

    @Override
    public String name() {
        return "set";
    }
}
