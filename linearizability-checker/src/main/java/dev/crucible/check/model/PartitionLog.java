package dev.crucible.check.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A partition's log: {@code append v} returns the offset it was written at ({@code [offset v]} or
 * just the offset); {@code read} at an offset returns {@code [offset v]}, v nil when the offset is
 * past the end. A crashed append, if it took effect, went to the end.
 */
public final class PartitionLog implements Model {
    /** The log's contents, immutable. */
    record Entries(Object[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entries e && Arrays.equals(e.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    @Override
    public Object init() {
        return new Entries(new Object[0]);
    }

    @Override
    public Object step(Object state, Operation op) {
        Object[] log = ((Entries) state).values();
        switch (op.f()) {
            case "append": {
                Object v = op.value();
                if (!op.crashed()) {
                    long offset;
                    if (v instanceof List<?> pair && pair.size() == 2) {
                        offset = ((Number) pair.get(0)).longValue();
                        v = pair.get(1);
                    } else {
                        throw new IllegalArgumentException("an ok append returns [offset value]: " + op.describe());
                    }
                    if (offset != log.length) {
                        return null;
                    }
                }
                Object[] more = Arrays.copyOf(log, log.length + 1);
                more[log.length] = v;
                return new Entries(more);
            }
            case "read": {
                if (op.crashed()) {
                    return state;
                }
                if (!(op.value() instanceof List<?> pair) || pair.size() != 2) {
                    throw new IllegalArgumentException("a read returns [offset value]: " + op.describe());
                }
                long offset = ((Number) pair.get(0)).longValue();
                Object v = pair.get(1);
                if (offset >= log.length || offset < 0) {
                    return v == null ? state : null;
                }
                return Objects.equals(log[(int) offset], v) ? state : null;
            }
            default:
                throw new IllegalArgumentException("log has no operation '" + op.f() + "'");
        }
    }

    @Override
    public String name() {
        return "log";
    }
}
