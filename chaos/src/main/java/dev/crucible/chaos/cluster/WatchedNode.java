package dev.crucible.chaos.cluster;

import dev.crucible.load.peer.KafkaPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One node of an Apache Kafka peer the run launched. */
final class PeerNode implements Node {
    private final KafkaPeer peer;
    private final int index;
    private final String address;
    private final ExitWatch exits;

    PeerNode(KafkaPeer peer, int index, String address) {
        this.peer = peer;
        this.index = index;
        this.address = address;
        this.exits = new ExitWatch(name(), peer.nodeOutput(index));
        exits.watch(peer.process(index));
        exits.started();
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public Optional<Long> pid() {
        Process p = peer.process(index);
        return p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
    }

    @Override
    public boolean alive() {
        return peer.process(index).isAlive();
    }

    @Override
    public void kill() throws IOException, InterruptedException {
        Process p = peer.process(index);
        exits.stopping();
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException(name() + " (pid " + p.pid() + ") survived SIGKILL for 10 s");
        }
    }

    @Override
    public void restart(Duration timeout) throws IOException, InterruptedException {
        Process before = peer.process(index);
        try {
            peer.restart(index, timeout.toMillis());
        } finally {
            Process after = peer.process(index);
            if (after != before) {
                exits.watch(after);
            }
        }
        exits.started();
    }

    /** The run stops the peer: its nodes' exits from now on are asked for. */
    void stopping() {
        exits.stopping();
    }

    @Override
    public void pause() throws IOException, InterruptedException {
        Signals.send(peer.process(index).pid(), "STOP");
    }

    @Override
    public void resume() throws IOException, InterruptedException {
        Signals.send(peer.process(index).pid(), "CONT");
    }

    @Override
    public String listenAddress() {
        return address;
    }

    @Override
    public Path dataDir() {
        return peer.nodeDir(index).resolve("data");
    }

    @Override
    public Path outputFile() {
        return peer.nodeOutput(index);
    }

    @Override
    public List<String> crashes() {
        return exits.crashes();
    }

    @Override
    public void excuseExits() {
        exits.excuse();
    }
}
