package dev.crucible.report.read;

import java.util.Locale;

/** Time units of plain HDR files (whose unit the file does not say), as factors to microseconds. */
public final class Units {
    private Units() {}

    /** Factor from "ns", "us" or "ms" to microseconds; an error for anything else. */
    public static double toMicros(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns" -> 0.001;
            case "us", "µs" -> 1.0;
            case "ms" -> 1000.0;
            case "s" -> 1_000_000.0;
            default -> throw new IllegalArgumentException("unknown time unit '" + unit + "' (ns, us, ms or s)");
        };
    }

    static String name(double toMicros) {
        return toMicros == 0.001 ? "ns" : toMicros == 1.0 ? "us" : toMicros == 1000.0 ? "ms" : "s";
    }
}
