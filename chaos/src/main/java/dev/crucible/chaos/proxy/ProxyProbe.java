package dev.crucible.chaos.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Measures what a client sees at an address right now: connect, one small request and its
 * response. A nemesis probes before and after a fault to show that it took effect (latency raises
 * the round trip, a blackhole makes it time out, heal makes it answer again). Never throws for a
 * network outcome; that is what the result describes.
 *
 * @see KafkaPing
 * @see EchoProbe
 */
public interface ProxyProbe {
    /** One probe of {@code address}, given up after {@code timeout} in all (connect included). */
    ProbeResult probe(InetSocketAddress address, Duration timeout);
}
