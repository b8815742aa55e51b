package dev.crucible.io;

/**
 * When appended bytes are forced to the disk, and therefore when an append is acknowledged.
 */
public enum FlushPolicy {
    /**
     * One {@code force} per group commit; every append in the group is acknowledged only after it. An
     * acknowledged append survives a power failure.
     */
    ALWAYS,
    /**
     * Appends are acknowledged once written to the page cache; the writer forces each dirty log every
     * {@code flushIntervalMs} (Kafka's {@code flush.ms}). A power failure loses at most that window.
     */
    INTERVAL,
    /**
     * Page cache only, Kafka's default: acknowledged appends survive a process crash, not a power
     * failure, until the kernel writes them back.
     */
    NEVER;

    /** Parses {@code always}, {@code interval} or {@code never}, case-insensitively. */
    public static FlushPolicy parse(String text) {
        for (FlushPolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(text.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown flush policy '" + text + "' (expected always, interval or never)");
    }
}
