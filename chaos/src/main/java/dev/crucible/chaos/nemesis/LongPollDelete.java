package dev.crucible.chaos.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Deletes a topic while consumers long-poll it: {@link #BATCHES} batches of {@link #RECORD_BYTES}
 * go to partition 0 (well over 4 KiB, so the segment has index entries), then {@link #CONSUMERS}
 * raw consumers (assign, seek to 0, below the high watermark) fetch with {@code fetch.min.bytes}
 * above what the partition holds, so the broker parks each fetch for {@code fetch.max.wait.ms};
 * the topic is deleted while they wait. The broker must answer the parked fetches (an error or the
 * records) and live on. Every step is bounded; the consumers are woken and closed at the end.
 */
final class LongPollDelete {
    static final int BATCHES = 16;
    static final int RECORD_BYTES = 1024;
    static final int CONSUMERS = 2;
    static final int FETCH_MIN_BYTES = 1 << 20;
    static final int FETCH_MAX_WAIT_MS = 4_000;
    /** When the delete goes out, counted from the consumers' start: their fetches are parked by then. */
    static final long DELETE_AFTER_MS = 1_500;

    private LongPollDelete() {}

    /** Runs it on {@code topic} (1 partition, created here); returns what happened. */
    static String run(SideTopics side, Map<String, Object> clientConfig, String topic, Duration timeout)
            throws InterruptedException {
        String created = side.create(topic, 1, Map.of());
        if (!created.endsWith(": ok")) {
            return created;
        }
        String produced = produce(clientConfig, topic, timeout);
        List<Poller> pollers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            Poller p = new Poller(consumerConfig(clientConfig), new TopicPartition(topic, 0));
            pollers.add(p);
            Thread t = new Thread(p, "crucible-admin-long-poll-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(DELETE_AFTER_MS);
        String deleted = side.delete(topic);
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join(FETCH_MAX_WAIT_MS + 6_000);
            if (threads.get(i).isAlive()) {
                pollers.get(i).wakeup();
                threads.get(i).join(5_000);
            }
        }
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < pollers.size(); i++) {
            seen.append(" c").append(i).append(": ").append(pollers.get(i).outcome()).append(';');
        }
        return produced + "; " + CONSUMERS + " consumers long-polled from offset 0 (fetch.min.bytes " + FETCH_MIN_BYTES
                + ", fetch.max.wait.ms " + FETCH_MAX_WAIT_MS + "), " + deleted + " " + DELETE_AFTER_MS + " ms in;"
                + seen.toString().replaceAll(";$", "");
    }

    /** Sends {@link #BATCHES} records to partition 0 of {@code topic}, one batch each, every send bounded. */
    static String produce(Map<String, Object> clientConfig, String topic, Duration timeout)
            throws InterruptedException {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        int acked = 0;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c)) {
            for (int i = 0; i < BATCHES; i++) {
                // One record per send, waited for: one batch each, so the segment gets several index entries.
                p.send(new ProducerRecord<>(topic, 0, null, new byte[RECORD_BYTES])).get(timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
                acked++;
            }
            return "produced " + acked + " batches of " + RECORD_BYTES + " bytes";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | org.apache.kafka.common.KafkaException e) {
            return "produced " + acked + " of " + BATCHES + " batches, then " + SideTopics.describe(
                    e instanceof RuntimeException r ? new java.util.concurrent.ExecutionException(r) : e);
        }
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        // A parked fetch must not count as a lost connection: the request timeout is above the wait.
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, FETCH_MAX_WAIT_MS + 10_000);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /** One consumer: polls partition 0 from offset 0 until its parked fetch has had time to end. */
    private static final class Poller implements Runnable {
        private final Map<String, Object> config;
        private final TopicPartition tp;
        private volatile KafkaConsumer<byte[], byte[]> consumer;
        private volatile String outcome = "did not start";

        Poller(Map<String, Object> config, TopicPartition tp) {
            this.config = config;
            this.tp = tp;
        }

        @Override
        public void run() {
            long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELETE_AFTER_MS + FETCH_MAX_WAIT_MS + 2_000);
            int records = 0;
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
                consumer = c;
                c.assign(List.of(tp));
                c.seek(tp, 0);
                while (System.nanoTime() - endNs < 0) {
                    records += c.poll(Duration.ofMillis(FETCH_MAX_WAIT_MS + 1_000)).count();
                }
                outcome = records + " records";
            } catch (WakeupException e) {
                outcome = records + " records, then woken (a poll did not return)";
            } catch (RuntimeException e) {
                outcome = records + " records, then " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        void wakeup() {
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        String outcome() {
            return outcome;
        }
    }
}
