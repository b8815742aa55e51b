/**
 * Crucible's own TCP fault proxy: network faults between Kafka clients and a broker, made in user
 * space (no root, no netem). Each broker advertises the address of a {@link
 * dev.crucible.chaos.proxy.FaultProxy} in front of it, so every client connection passes through
 * the proxy, and a nemesis changes the {@link dev.crucible.chaos.proxy.Faults} while the run goes
 * on.
 *
 * <p>Usage:
 * <pre>{@code
 * InetSocketAddress broker = new InetSocketAddress("127.0.0.1", 19092);
 * try (FaultProxy proxy = FaultProxy.start("broker-1", new InetSocketAddress("127.0.0.1", 9092),
 *     broker)) {
 *   // the broker advertises 127.0.0.1:9092 (proxy.address()); clients bootstrap there
 *   KafkaPing ping = new KafkaPing(); // dev.crucible.launch.probe
 *   ProbeResult before = ping.probe(proxy.address(), Duration.ofSeconds(1)); // answered, ~1ms
 *
 *   proxy.set(Faults.latency(Duration.ofMillis(50), Duration.ofMillis(10))); // each way
 *   ProbeResult slow = ping.probe(proxy.address(), Duration.ofSeconds(1));   // >= 100ms
 *
 *   proxy.set(Faults.blackhole(Direction.BOTH));                              // a partition
 *   ProbeResult cut = ping.probe(proxy.address(), Duration.ofSeconds(1));    // timed out
 *
 *   proxy.heal();
 *   proxy.resetAll();         // clients see "Connection reset" and reconnect
 *   ProxyStats stats = proxy.stats();
 * }
 * }</pre>
 *
 * <p>A nemesis records {@code faults.describe()} and the probe results before and after each
 * change, so the history shows the fault took effect. Faults combine: {@code
 * Faults.latency(ms(20), ms(5)).withBandwidth(10 << 20).withSlowClose(Duration.ofSeconds(1))}.
 * What each fault does exactly, and its limits (latency per direction, bandwidth per direction per
 * connection, at most 1 MiB in flight per direction), is in {@link dev.crucible.chaos.proxy.Faults}
 * and {@link dev.crucible.chaos.proxy.FaultProxy}.
 *
 * <p>Two things to keep in mind when reading results. A blackhole swallows bytes for good (TCP
 * would retransmit them after a real partition heals), so the stream has a gap: a Kafka peer that
 * lost part of a frame reads garbage as the next size and drops the connection. And every probe
 * opens a new connection, so its round trip includes the proxy's connect to the upstream.
 */
package dev.crucible.chaos.proxy;
