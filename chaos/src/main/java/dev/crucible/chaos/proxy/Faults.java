package dev.crucible.chaos.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The faults a {@link FaultProxy} applies, all at once; immutable. Start from {@link #NONE} or a
 * factory and combine with the withers:
 * {@code Faults.latency(ms(50), ms(10)).withBandwidth(1 << 20)}.
 *
 * <p>Bytes move through the proxy in chunks (what one read from a socket returned). Each chunk is
 * stamped on arrival with a release time: arrival + latency + a jitter drawn uniformly from
 * [0, jitter], raised if needed to the previous chunk's release time so that release times never
 * decrease and TCP byte order holds. Chunks already in flight keep their release time when the
 * faults change, as packets already on the wire would.
 *
 * @param latency             added to every chunk, in each direction separately: a request and its
 *                            response gain twice this
 * @param jitter              extra delay per chunk, uniform in [0, jitter], from a seeded generator
 * @param bytesPerSecond      bandwidth cap per direction per connection (a token bucket with a
 *                            50 ms burst); 0 means unlimited
 * @param blackholeUpstream   client bytes are read and discarded (counted); the connection stays
 *                            open, and a close by the client is held until the blackhole lifts
 * @param blackholeDownstream server bytes are read and discarded (counted); the connection stays
 *                            open, and a close by the server is held until the blackhole lifts
 * @param refuseNew           new connections are accepted and reset at once; open ones go on
 * @param slowClose           a close (FIN or reset) from one side reaches the other this much later
 *                            than it would otherwise (after latency)
 */
public record Faults(Duration latency, Duration jitter, long bytesPerSecond,
        boolean blackholeUpstream, boolean blackholeDownstream, boolean refuseNew, Duration slowClose) {

    /** No fault: bytes and closes pass as fast as the proxy can move them. */
    public static final Faults NONE =
            new Faults(Duration.ZERO, Duration.ZERO, 0, false, false, false, Duration.ZERO);

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** Checks every value: durations present and not negative, the cap not negative. */
    public Faults {
        requireNotNegative("latency", latency);
        requireNotNegative("jitter", jitter);
        requireNotNegative("slowClose", slowClose);
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond < 0: " + bytesPerSecond);
        }
    }

    /** Latency with jitter, nothing else. */
    public static Faults latency(Duration latency, Duration jitter) {
        return NONE.withLatency(latency, jitter);
    }

    /** A bandwidth cap per direction per connection, nothing else. */
    public static Faults bandwidth(long bytesPerSecond) {
        return NONE.withBandwidth(bytesPerSecond);
    }

    /** A blackhole the given way (or both), nothing else. */
    public static Faults blackhole(Direction way) {
        return NONE.withBlackhole(way);
    }

    /** Refusing new connections, nothing else. */
    public static Faults refusing() {
        return NONE.withRefuseNew(true);
    }

    /** Closes delayed by {@code delay}, nothing else. */
    public static Faults slowClose(Duration delay) {
        return NONE.withSlowClose(delay);
    }

    /** These faults with the given latency and jitter. */
    public Faults withLatency(Duration latency, Duration jitter) {
        return new Faults(latency, jitter, bytesPerSecond, blackholeUpstream, blackholeDownstream,
                refuseNew, slowClose);
    }

    /** These faults with the given bandwidth cap (0: unlimited). */
    public Faults withBandwidth(long bytesPerSecond) {
        return new Faults(latency, jitter, bytesPerSecond, blackholeUpstream, blackholeDownstream,
                refuseNew, slowClose);
    }

    /** These faults with a blackhole added the given way (or both). */
    public Faults withBlackhole(Direction way) {
        return new Faults(latency, jitter, bytesPerSecond,
                blackholeUpstream || way.covers(Direction.UPSTREAM),
                blackholeDownstream || way.covers(Direction.DOWNSTREAM), refuseNew, slowClose);
    }

    /** These faults with no blackhole either way. */
    public Faults withoutBlackhole() {
        return new Faults(latency, jitter, bytesPerSecond, false, false, refuseNew, slowClose);
    }

    /** These faults, refusing new connections or not. */
    public Faults withRefuseNew(boolean refuse) {
        return new Faults(latency, jitter, bytesPerSecond, blackholeUpstream, blackholeDownstream,
                refuse, slowClose);
    }

    /** These faults with closes delayed by {@code delay}. */
    public Faults withSlowClose(Duration delay) {
        return new Faults(latency, jitter, bytesPerSecond, blackholeUpstream, blackholeDownstream,
                refuseNew, delay);
    }

    /** True when bytes travelling {@code way} are swallowed ({@code BOTH}: both ways are). */
    public boolean blackholes(Direction way) {
        return switch (way) {
            case UPSTREAM -> blackholeUpstream;
            case DOWNSTREAM -> blackholeDownstream;
            case BOTH -> blackholeUpstream && blackholeDownstream;
        };
    }

    /** True when nothing is faulty. */
    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * Short human text for logs and nemesis records, e.g. {@code "latency 50ms±10ms, blackhole
     * upstream"}, or {@code "none"}.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!latency.isZero() || !jitter.isZero()) {
            parts.add("latency " + text(latency) + (jitter.isZero() ? "" : "±" + text(jitter)));
        }
        if (bytesPerSecond > 0) {
            parts.add("bandwidth " + rateText(bytesPerSecond));
        }
        if (blackholeUpstream && blackholeDownstream) {
            parts.add("blackhole both ways");
        } else if (blackholeUpstream || blackholeDownstream) {
            parts.add("blackhole " + (blackholeUpstream ? "upstream" : "downstream"));
        }
        if (refuseNew) {
            parts.add("refuse new");
        }
        if (!slowClose.isZero()) {
            parts.add("slow close " + text(slowClose));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " < 0: " + value);
        }
    }

    /** "2s", "50ms", "250us" or "10ns": the largest unit that shows the value exactly. */
    static String text(Duration d) {
        long nanos = d.toNanos();
        if (nanos >= 1_000_000_000L && nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    private static String rateText(long bytesPerSecond) {
        if (bytesPerSecond % MIB == 0) {
            return bytesPerSecond / MIB + "MiB/s";
        }
        if (bytesPerSecond % KIB == 0) {
            return bytesPerSecond / KIB + "KiB/s";
        }
        return bytesPerSecond + "B/s";
    }
}
