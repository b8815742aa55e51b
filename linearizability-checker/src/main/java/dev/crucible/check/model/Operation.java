package dev.crucible.check.model;

/**
 * One operation after Knossos-style preprocessing: an invocation paired with its completion.
 * It is what a {@link Model} steps on, so it lives with the models; the search
 * ({@code dev.crucible.check.linear}) builds it and sits above this package.
 *
 * @param id dense id used by the search: ok operations 0..c-1 in the order of their completions,
 *     crashed ones c..n-1 (so a contiguous run of linearized ids is progress through the oks)
 * @param process the client process
 * @param f the function
 * @param value the invocation's value, filled from an ok completion (Knossos)
 * @param output the completion's value; meaningless for crashed operations
 * @param crashed true for info completions and invocations never completed: may take effect at
 *     any point after the call, or never
 * @param invokeIndex index of the invocation event (the history's own index)
 * @param completeIndex index of the completion event, or -1 when none
 * @param callOrder position of the call in real-time order
 * @param returnOrder position of the return in real-time order (Long.MAX_VALUE when crashed)
 * @param key the key this operation touches, for partitioned models (null otherwise)
 */
public record Operation(int id, long process, String f, Object value, Object output, boolean crashed,
        long invokeIndex, long completeIndex, long callOrder, long returnOrder, Object key) {

    /** "p3 read 2" style text. */
    public String describe() {
        return "p" + process + " " + f + " " + dev.crucible.check.history.Values.show(crashed ? value : output)
                + (crashed ? " (crashed)" : "");
    }
}
