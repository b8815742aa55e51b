package dev.crucible.chaos.nemesis;

import java.util.Map;

/**
 * One fault of a schedule: which nemesis, when (ms after the clients start), for how long, and
 * its parameters (empty: the nemesis chooses).
 */
public record FaultEvent(long startMs, long durationMs, String nemesis, Map<String, Object> params) {
    public FaultEvent {
        if (startMs < 0 || durationMs < 0) {
            throw new IllegalArgumentException("startMs and durationMs must not be negative");
        }
        params = Map.copyOf(params);
    }
}
