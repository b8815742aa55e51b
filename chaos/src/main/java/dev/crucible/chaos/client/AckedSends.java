package dev.crucible.chaos.client;

import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.List;

/**
 * The acknowledged sends of a recorded history, as the producers recorded them: an ok {@code send} op whose value is a
 * list of {@code [send key [offset value]]}. One reading for everything that needs what producers were told.
 */
public final class AckedSends {
    private AckedSends() {}

    /** One acknowledged send. */
    @FunctionalInterface
    public interface Visitor {
        void sent(long key, long offset, Object value, Op op);
    }

    /** Calls {@code visitor} for every acknowledged send of {@code history}, in history order. */
    public static void forEach(List<Op> history, Visitor visitor) {
        for (Op op : history) {
            if (op.type() != OpType.OK || !"send".equals(op.f()) || !(op.value() instanceof List<?> mops)) {
                continue;
            }
            for (Object m : mops) {
                if (m instanceof List<?> mop && mop.size() == 3 && mop.get(1) instanceof Number key
                        && mop.get(2) instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number offset) {
                    visitor.sent(key.longValue(), offset.longValue(), pair.get(1), op);
                }
            }
        }
    }
}
