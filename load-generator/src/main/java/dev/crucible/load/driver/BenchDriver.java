package dev.crucible.load.driver;

import java.util.List;

/**
 * What the generator needs from a messaging system: topics, producers that acknowledge, consumers
 * that deliver. {@link KafkaDriver} is the real one (kafka-clients, so every target is measured
 * through the same client code); {@link NoopDriver} acknowledges in place and shows the generator's
 * own ceiling.
 */
public interface BenchDriver extends AutoCloseable {

    /**
     * Creates the run's topics and waits until they exist; an exception names what went wrong. Returns
     * the replication they were created with (the driver's, capped at the target's brokers), or null when
     * there is no broker to hold them.
     */
    TopicReplication createTopics(List<String> names, int partitions) throws Exception;

    /** Deletes the run's topics, best effort. */
    void deleteTopics(List<String> names);

    /** A producer for {@code topic}. */
    BenchProducer producer(String topic);

    /** A consumer in group {@code group} subscribed to {@code topic}. */
    BenchConsumer consumer(String topic, String group);

    /** Lets the system release what it holds. */
    @Override
    void close();

    /** Called once per message when its send completed. */
    @FunctionalInterface
    interface Ack {
        /** {@code error} is null on success. */
        void done(Exception error);
    }

    /** Sends messages to one topic. */
    interface BenchProducer extends AutoCloseable {
        /** Sends asynchronously; {@code value} may be reused once this returns. */
        void send(int partition, byte[] key, byte[] value, Ack ack);

        /** Waits for every sent message's ack, at most {@code timeoutMs}. */
        void flush(long timeoutMs);

        @Override
        void close();
    }

    /** Receives the messages of one topic for one subscription. */
    interface BenchConsumer extends AutoCloseable {
        /** Polls once for at most {@code timeoutMs}; hands each message to {@code sink}; returns how many. */
        int poll(long timeoutMs, Sink sink);

        /** Partitions assigned to this consumer at its last poll (any thread may ask). */
        int assignedPartitions();

        /** Stops fetching (backlog build-up) or starts again. */
        void paused(boolean paused);

        /** Interrupts a blocked {@link #poll} from another thread. */
        void wakeup();

        /** Closes the consumer; call from the polling thread. */
        @Override
        void close();
    }

    /** Where a consumer puts what it received. */
    @FunctionalInterface
    interface Sink {
        /** One message of {@code partition} with its value. */
        void accept(int partition, byte[] value);
    }
}
