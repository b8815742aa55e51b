package dev.crucible.broker.common;

import java.time.Instant;

/**
 * The broker's log lines, on standard error: one line each, UTC timestamp first. Deliberately tiny;
 * the broker logs only what an operator acts on (start, stop, refused connections, failures).
 */
public final class BrokerLog {
    private static volatile boolean quiet;

    private BrokerLog() {
    }

    /** Silences warnings (tests that provoke them on purpose). */
    public static void quiet(boolean value) {
        quiet = value;
    }

    public static void info(String message) {
        System.err.println(Instant.now() + " INFO " + message);
    }

    public static void warn(String message) {
        if (!quiet) {
            System.err.println(Instant.now() + " WARN " + message);
        }
    }
}
