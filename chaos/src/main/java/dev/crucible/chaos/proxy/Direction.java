package dev.crucible.chaos.proxy;

/** Which way bytes travel through a {@link FaultProxy}, for faults that apply to one way only. */
public enum Direction {
    /** Client to server: requests. */
    UPSTREAM,
    /** Server to client: responses. */
    DOWNSTREAM,
    /** Both ways. */
    BOTH;

    /** True when a fault aimed at this direction also hits bytes travelling {@code way}. */
    boolean covers(Direction way) {
        return this == BOTH || this == way;
    }
}
