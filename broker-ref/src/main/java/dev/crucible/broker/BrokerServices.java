package dev.crucible.broker;

import dev.crucible.broker.api.RequestDispatcher;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.log.AdmissionFactory;
import dev.crucible.io.GroupCommitWriter;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The stateful services beside the topics: producer ids and producer state (idempotence), and the
 * consumer-group coordinator with its offsets log.
 */
final class BrokerServices implements AutoCloseable {
    private final AtomicLong nextProducerId = new AtomicLong(System.currentTimeMillis());

    static BrokerServices open(BrokerConfig config, GroupCommitWriter writer) throws IOException {
        return new BrokerServices();
    }

    AdmissionFactory admissions() {
        return AdmissionFactory.NONE;
    }

    LongSupplier producerIds() {
        return nextProducerId::getAndIncrement;
    }

    void registerGroupApis(RequestDispatcher dispatcher, ScheduledExecutorService timers) {
    }

    @Override
    public void close() {
    }
}
