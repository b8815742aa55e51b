package dev.crucible.load.agent;

import dev.crucible.load.driver.BenchDriver.BenchConsumer;

/** One consumer's poll loop; it owns its consumer from creation to close (kafka-clients wants one thread). */
final class ConsumerLoop implements Runnable {
    private static final long POLL_MS = 100;

    private final Assignment.ConsumerSpec spec;
    private final BenchConsumer consumer;
    private final Deliveries deliveries;
    private volatile boolean stopped;

    ConsumerLoop(Assignment.ConsumerSpec spec, BenchConsumer consumer, Deliveries deliveries) {
        this.spec = spec;
        this.consumer = consumer;
        this.deliveries = deliveries;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                consumer.poll(POLL_MS, (partition, value) ->
                        deliveries.receive(spec.topic(), spec.subscription(), partition, value));
            }
        } finally {
            consumer.close();
        }
    }

    void paused(boolean paused) {
        consumer.paused(paused);
    }

    int assignedPartitions() {
        return consumer.assignedPartitions();
    }

    void stop() {
        stopped = true;
        consumer.wakeup();
    }

    Assignment.ConsumerSpec spec() {
        return spec;
    }
}
