package dev.crucible.launch.probe;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Measures what a client sees at an address right now: connect, one small request and its
 * response. {@link ClusterProbe} repeats it until a broker answers; a chaos nemesis probes before
 * and after a fault to show that it took effect (latency raises the round trip, a blackhole makes it
 * time out, heal makes it answer again). Never throws for a network outcome; that is what the
 * result describes. Implementations exchange their bytes through {@link ProbeSocket}.
 *
 * @see KafkaPing
 */
public interface Probe {
    /** One probe of {@code address}, given up after {@code timeout} in all (connect included). */
    ProbeResult probe(InetSocketAddress address, Duration timeout);
}
