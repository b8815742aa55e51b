package dev.crucible.check.linear;

import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds histories in tests: events appended in order, indexed by position. */
final class Events {
    private final List<Op> ops = new ArrayList<>();

    Events add(long process, OpType type, String f, Object value, long time, Map<String, Object> extra) {
        ops.add(new Op(ops.size(), type, process, f, value, time, extra, ops.size() + 1));
        return this;
    }

    Events invoke(long p, String f, Object v) {
        return add(p, OpType.INVOKE, f, v, -1, Map.of());
    }

    Events ok(long p, String f, Object v) {
        return add(p, OpType.OK, f, v, -1, Map.of());
    }

    Events fail(long p, String f, Object v) {
        return add(p, OpType.FAIL, f, v, -1, Map.of());
    }

    Events info(long p, String f, Object v) {
        return add(p, OpType.INFO, f, v, -1, Map.of());
    }

    Events at(long time, long p, OpType type, String f, Object v) {
        return add(p, type, f, v, time, Map.of());
    }

    List<Op> list() {
        return ops;
    }
}
