package dev.crucible.chaos.proxy;

import dev.crucible.launch.probe.Probe;
import dev.crucible.launch.probe.ProbeResult;
import dev.crucible.launch.probe.ProbeSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes an echo server: sends a short numbered message and expects the same bytes back. For
 * tests, and for any upstream that echoes.
 */
public final class EchoProbe implements Probe {
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public ProbeResult probe(InetSocketAddress address, Duration timeout) {
        long number = sequence.incrementAndGet() % 100_000_000;
        byte[] request = String.format(Locale.ROOT, "crucible-probe-%08d", number)
                .getBytes(StandardCharsets.US_ASCII);
        return ProbeSocket.run(address, timeout, socket -> {
            socket.write(request);
            byte[] response = new byte[request.length];
            socket.readFully(response, response.length);
            if (!Arrays.equals(request, response)) {
                throw new IOException("echo differs: sent " + new String(request, StandardCharsets.US_ASCII)
                        + ", got " + new String(response, StandardCharsets.US_ASCII));
            }
            return "echoed " + request.length + " bytes";
        });
    }
}
