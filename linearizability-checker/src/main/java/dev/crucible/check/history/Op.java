package dev.crucible.check.history;

import java.util.Map;

/**
 * One event of a history, Jepsen-shaped. Values are plain Java data: null, Long, Double, String,
 * Boolean, {@link Keyword}, {@code List<Object>} (EDN vectors and lists), {@code Map<Object,Object>}
 * (EDN maps), {@code Set<Object>}.
 *
 * @param index the event's index: the caller's {@code :index} when the history carries unique ones,
 *     else its 0-based position in the file; reports use it
 * @param type invoke, ok, fail or info
 * @param process the process: a Long for clients, or e.g. {@code Keyword("nemesis")}
 * @param f the function, without a leading colon ("read", "write", "cas", "send", ...)
 * @param value the value (invocations may carry null until filled from their completion)
 * @param time time in nanoseconds, or -1 when the history has none
 * @param extra every other field (":error", ":key", ":rebalance-log", ...), keyed without colon
 * @param line the 1-based line in the source file where the event starts, or 0
 */
public record Op(long index, OpType type, Object process, String f, Object value, long time,
        Map<String, Object> extra, int line) {

    /** Whether this is a client event (its process is an integer), not a nemesis record. */
    public boolean isClient() {
        return process instanceof Long;
    }

    /** The client process id; only for {@link #isClient()} events. */
    public long processId() {
        return (Long) process;
    }

    /** The same event with another value. */
    public Op withValue(Object v) {
        return new Op(index, type, process, f, v, time, extra, line);
    }

    /** The same event with another index. */
    public Op withIndex(long i) {
        return new Op(i, type, process, f, value, time, extra, line);
    }

    /** A short text like "p3 ok read 2" for reports. */
    public String describe() {
        return (isClient() ? "p" + process : String.valueOf(process)) + " " + type.text() + " " + f + " "
                + Values.show(value);
    }
}
