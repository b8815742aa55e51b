package dev.crucible.io;

/**
 * An append that an {@link AppendAdmission} turned down (an out-of-order sequence number, a fenced
 * producer). Nothing of the request was written; the {@code reason} is the caller's own code.
 */
public final class AppendRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int reason;

    public AppendRefusedException(int reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The admission's own code for why, for the caller to map onto its protocol's errors. */
    public int reason() {
        return reason;
    }
}
