package dev.crucible.chaos.cluster;

import dev.crucible.load.peer.KafkaPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One node of an Apache Kafka peer the run launched. */
final class PeerNode implements Node {
  private final KafkaPeer peer;
  private final int index;
  private final String address;

  PeerNode(KafkaPeer peer, int index, String address) {
    this.peer = peer;
    this.index = index;
    this.address = address;
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
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IOException(name() + " (pid " + p.pid() + ") survived SIGKILL for 10 s");
    }
  }

  @Override
  public void restart(Duration timeout) throws IOException, InterruptedException {
    peer.restart(index, timeout.toMillis());
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
}
