package dev.crucible.load.workload;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way people type them: a whole number and a unit, "500ms", "30s", "5m", "1h". */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {}

    /** The duration; IllegalArgumentException with the accepted forms when the text is not one. */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; write a whole number and a unit (ms, s, m or h), e.g. 60s");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofSeconds(n);
        }
    }

    /**
     * The text {@link #parse} reads back as {@code d}, in the largest unit that divides it ("90s", "5m",
     * "1500ms"); whole milliseconds only, as parse gives.
     */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        return s != 0 && s % 60 == 0 ? (s / 60) + "m" : s + "s";
    }

    /** "1m30s"-style text for people. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s >= 60 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
