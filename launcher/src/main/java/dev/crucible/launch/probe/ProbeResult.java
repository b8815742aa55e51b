package dev.crucible.launch.probe;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What one probe saw: an answer and how long it took, a timeout, or a failure.
 *
 * @param outcome   answered, timed out or failed
 * @param roundTrip for an answer, from sending the request to having the whole response; otherwise
 *                  zero
 * @param elapsed   from the start of the connect to the answer, timeout or failure
 * @param detail    what was seen, e.g. {@code "ApiVersions error_code 0, 61 api keys"} or
 *                  {@code "Connection reset"}
 */
public record ProbeResult(Outcome outcome, Duration roundTrip, Duration elapsed, String detail) {

    /** How a probe ended. */
    public enum Outcome {
        /** A well-formed answer arrived in time. */
        ANSWERED,
        /** Nothing, or not all of the answer, arrived in time. */
        TIMED_OUT,
        /** The connection was refused, reset or closed, or the answer was not the expected one. */
        FAILED
    }

    /** Checks the values are present. */
    public ProbeResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(roundTrip, "roundTrip");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(detail, "detail");
    }

    /** True for {@link Outcome#ANSWERED}. */
    public boolean answered() {
        return outcome == Outcome.ANSWERED;
    }

    /** Short human text: "answered in 12.3ms (...)", "timed out after 300.2ms (...)" or "failed". */
    public String describe() {
        return switch (outcome) {
            case ANSWERED -> "answered in " + millis(roundTrip) + " (" + detail + ")";
            case TIMED_OUT -> "timed out after " + millis(elapsed) + " (" + detail + ")";
            case FAILED -> "failed after " + millis(elapsed) + ": " + detail;
        };
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1fms", d.toNanos() / 1e6);
    }
}
