package dev.crucible.chaos.proxy;

/**
 * A snapshot of a {@link FaultProxy}'s counters since it started. Upstream is client to server,
 * downstream server to client.
 *
 * @param accepted          connections the listener accepted, refused ones included
 * @param open              connection pairs open now
 * @param reset             pairs ended by a TCP reset: by {@link FaultProxy#resetAll()}, a reset
 *                          or write failure passed on from one side, or an unreachable upstream
 * @param refused           connections reset at once because {@link Faults#refuseNew()} was set
 * @param bytesUpstream     bytes delivered to the server
 * @param bytesDownstream   bytes delivered to the client
 * @param droppedUpstream   client bytes swallowed by a blackhole
 * @param droppedDownstream server bytes swallowed by a blackhole
 */
public record ProxyStats(long accepted, long open, long reset, long refused, long bytesUpstream,
        long bytesDownstream, long droppedUpstream, long droppedDownstream) {

    /** Bytes delivered the given way ({@code BOTH}: the sum). */
    public long bytes(Direction way) {
        return switch (way) {
            case UPSTREAM -> bytesUpstream;
            case DOWNSTREAM -> bytesDownstream;
            case BOTH -> bytesUpstream + bytesDownstream;
        };
    }

    /** Bytes swallowed by a blackhole the given way ({@code BOTH}: the sum). */
    public long dropped(Direction way) {
        return switch (way) {
            case UPSTREAM -> droppedUpstream;
            case DOWNSTREAM -> droppedDownstream;
            case BOTH -> droppedUpstream + droppedDownstream;
        };
    }
}
