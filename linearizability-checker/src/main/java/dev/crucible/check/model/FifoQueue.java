package dev.crucible.check.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A FIFO queue: enqueue v; dequeue returns the head, or nil when empty. A crashed dequeue, if it
 * took effect, removed the head (whatever it was).
 */
public final class FifoQueue implements Model {
    /** An immutable queue state. */
    record Items(Object[] items) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Items i && Arrays.equals(i.items, items);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(items);
        }

        @Override
        public String toString() {
            return Arrays.toString(items);
        }
    }

    @Override
    public Object init() {
        return new Items(new Object[0]);
    }

    @Override
    public Object step(Object state, Operation op) {
        Object[] q = ((Items) state).items();
        switch (op.f()) {
            case "enqueue":
                Object[] more = Arrays.copyOf(q, q.length + 1);
                more[q.length] = op.value();
                return new Items(more);
            case "dequeue":
                if (q.length == 0) {
                    return op.crashed() || op.value() == null ? state : null;
                }
                if (!op.crashed() && !Objects.equals(q[0], op.value())) {
                    return null;
                }
                return new Items(Arrays.copyOfRange(q, 1, q.length));
            default:
                throw new IllegalArgumentException("queue has no operation '" + op.f() + "'");
        }
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String show(Object state) {
        return List.of(((Items) state).items()).toString();
    }
}
