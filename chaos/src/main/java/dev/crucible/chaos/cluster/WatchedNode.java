package dev.crucible.chaos.cluster;

import dev.crucible.chaos.time.RunClock;
import dev.crucible.launch.cluster.StartWait;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A node the run launched (broker-ref or Apache Kafka, see {@link dev.crucible.launch.cluster.Node}),
 * as the nemeses see it: under its run name "n" + index, with every process it starts watched for
 * exits nobody asked for ({@link ExitWatch}).
 */
final class WatchedNode implements Node {
    private final dev.crucible.launch.cluster.Node node;
    private final int index;
    private final ExitWatch exits;

    /** Watches {@code node} from its next start on. */
    WatchedNode(dev.crucible.launch.cluster.Node node, int index, RunClock clock) {
        this.node = node;
        this.index = index;
        this.exits = new ExitWatch(name(), node.logFile(), clock);
        node.onStart(exits::watch);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public Optional<Long> pid() {
        return node.pid();
    }

    @Override
    public boolean alive() {
        return node.alive();
    }

    @Override
    public void kill() throws IOException, InterruptedException {
        if (!node.alive()) {
            return; // it exited by itself (a crash stays one), or never started
        }
        exits.stopping();
        node.kill();
    }

    @Override
    public void relaunch() throws IOException {
        node.spawn();
    }

    @Override
    public void awaitAnswer(Duration timeout) throws IOException, InterruptedException {
        StartWait.untilAnswering(List.of(node), timeout);
        exits.started();
    }

    /** The cluster started the node: from now on an exit nobody asked for is a crash. */
    void started() {
        exits.started();
    }

    /** The run stops the node: its exits from now on are asked for. */
    void stopping() {
        exits.stopping();
    }

    @Override
    public void pause() throws IOException, InterruptedException {
        node.pause();
    }

    @Override
    public void resume() throws IOException, InterruptedException {
        node.resume();
    }

    @Override
    public String listenAddress() {
        return node.bootstrap();
    }

    @Override
    public Path dataDir() {
        return node.dataDir();
    }

    @Override
    public Path outputFile() {
        return node.logFile();
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
