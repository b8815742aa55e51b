package dev.crucible.broker;

import dev.crucible.broker.config.BrokerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A broker on a free loopback port over a test's directory; restartable on the same data. */
public final class TestBroker implements AutoCloseable {
    private final Path dataDir;
    private final Map<String, String> settings;
    private Broker broker;
    private int port;

    public TestBroker(Path dataDir, Map<String, String> extra) throws Exception {
        this.dataDir = dataDir;
        this.settings = new HashMap<>(extra);
        start();
    }

    public TestBroker(Path dataDir) throws Exception {
        this(dataDir, Map.of());
    }

    private void start() throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("log.dirs", dataDir.toString());
        all.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        all.put("group.initial.rebalance.delay.ms", "0");
        all.putAll(settings);
        broker = Broker.start(BrokerConfig.fromMap(all));
        port = broker.port();
    }

    /** Stops cleanly and starts again on the same port and data. */
    public void restart() throws Exception {
        broker.close();
        start();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Broker broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.close();
    }
}
