package dev.crucible.check.kafka;

import dev.crucible.check.history.OpType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A completed client operation of the Kafka workload, its micro-ops grouped by key.
 *
 * @param index the completion's index in the history
 * @param type ok, fail or info
 * @param process the client process
 * @param f send, poll, txn, assign, subscribe or crash
 * @param time the completion's time in nanoseconds, or -1
 * @param invokeTime the invocation's time in nanoseconds, or -1
 * @param sends per key, in op order, the messages sent (offset null when unknown)
 * @param polls per key, in op order over all poll micro-ops, the messages polled; a key polled
 *     with no messages maps to an empty list
 * @param keys the keys of an assign or subscribe (empty otherwise)
 * @param rebalanced the keys named in the op's rebalance log
 * @param seekToBeginning whether an assign asked to seek to the beginning
 */
record QueueOp(long index, OpType type, long process, String f, long time, long invokeTime,
        Map<Object, List<OffsetValue>> sends, Map<Object, List<OffsetValue>> polls, List<Object> keys,
        Set<Object> rebalanced, boolean seekToBeginning) {

    /** Whether it is a send, poll or txn. */
    boolean isSendOrPoll() {
        return f.equals("send") || f.equals("poll") || f.equals("txn");
    }

    /** Whether it is an assign or a subscribe. */
    boolean isAssignment() {
        return f.equals("assign") || f.equals("subscribe");
    }

    /** The values sent to k, in op order. */
    List<Object> sentValues(Object k) {
        return sends.getOrDefault(k, List.of()).stream().map(OffsetValue::value).toList();
    }

    /** The values polled from k, in op order. */
    List<Object> polledValues(Object k) {
        return polls.getOrDefault(k, List.of()).stream().map(OffsetValue::value).toList();
    }
}
