package dev.crucible.load.driver;

import dev.crucible.broker.Broker;
import dev.crucible.broker.config.BrokerConfig;
import java.nio.file.Path;
import java.util.Map;

/** One broker-ref node in this JVM on a free loopback port over {@code dataDir}: a single-broker target for the driver. */
public final class BrokerRefInProcess implements AutoCloseable {
    private final Broker broker;

    /** Starts it; the port accepts when this returns. */
    public BrokerRefInProcess(Path dataDir) throws Exception {
        broker = Broker.start(BrokerConfig.fromMap(Map.of("log.dirs", dataDir.toString(), "listeners", "PLAINTEXT://127.0.0.1:0",
                "group.initial.rebalance.delay.ms", "0")));
    }

    /** HOST:PORT for bootstrap.servers. */
    public String bootstrap() {
        return "127.0.0.1:" + broker.port();
    }

    @Override
    public void close() {
        broker.close();
    }
}
