package dev.crucible.check.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A total order over the plain Java data of histories, so reports list keys and values stably. */
final class Ordering {
    private Ordering() {}

    /** Numbers by value, then same-class comparables, then by class name and text. */
    static final Comparator<Object> DATA = Ordering::compare;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        int byClass = a.getClass().getName().compareTo(b.getClass().getName());
        return byClass != 0 ? byClass : String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** The items sorted. */
    static List<Object> sorted(Collection<?> items) {
        List<Object> out = new ArrayList<>(items);
        out.sort(DATA);
        return out;
    }
}
