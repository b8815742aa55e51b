package dev.crucible.io;

/**
 * A caller's last word on an append, asked on the writer thread after the engine validated the
 * batches and just before it assigns their offsets. Because the writer is the only thread that
 * appends to a log, what an admission reads and records here is in exact log order: this is where a
 * broker checks idempotent-producer sequence numbers or stamps a log-append time.
 *
 * <p>An admission may:
 * <ul>
 *   <li>return {@code true}: the batches are written, their first record at {@code nextOffset};</li>
 *   <li>call {@link AppendRequest#alreadyStored(long, long)} and return {@code false}: nothing is
 *       written and the request succeeds with those offsets (a retried batch);</li>
 *   <li>throw {@link AppendRefusedException}: nothing is written and the request fails with it; the
 *       log stays healthy.</li>
 * </ul>
 * It may rewrite bytes of the batches in place (it owns the buffer while it runs), provided every
 * batch stays valid: same sizes, correct CRC. It must be quick and must not block.
 */
@FunctionalInterface
public interface AppendAdmission {
    boolean admit(AppendRequest request, long nextOffset);

    /**
     * The log was cut to end at {@code endOffset} (a follower truncating to its leader): whatever the
     * admission remembers of batches at or past it must go before it admits anything again. Called on
     * any thread; the default remembers nothing.
     */
    default void truncated(long endOffset) {
    }
}
