package dev.crucible.load.driver;

import dev.crucible.load.clock.LoadClock;
import dev.crucible.load.workload.DriverSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka protocol through kafka-clients, configured by an OMB-shaped driver file. */
public final class KafkaDriver implements BenchDriver {
    private static final long ADMIN_TIMEOUT_MS = 60_000;

    private final String bootstrap;
    private final DriverSettings settings;
    private final LoadClock clock;

    /** A driver for the cluster at {@code bootstrap} (wins over the file's bootstrap.servers); {@code clock} times its waits. */
    public KafkaDriver(String bootstrap, DriverSettings settings, LoadClock clock) {
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.clock = clock;
    }

    private Map<String, Object> adminProps() {
        Map<String, Object> p = new HashMap<>(settings.commonProperties());
        p.put("bootstrap.servers", bootstrap);
        p.putIfAbsent("request.timeout.ms", "30000");
        p.putIfAbsent("default.api.timeout.ms", "60000");
        return p;
    }

    /** Learns how many brokers the target has first: a replication factor above that is capped ({@link TopicReplication}). */
    @Override
    public TopicReplication createTopics(List<String> names, int partitions) throws Exception {
        TopicReplication replication = null;
        try (Admin admin = Admin.create(adminProps())) {
            int brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            replication = TopicReplication.decide(settings.replicationFactor, brokers, settings.topicProperties());
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, replication.used()).configs(replication.topicConfig()));
            }
            try {
                admin.createTopics(topics).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof InvalidReplicationFactorException) || replication.used() <= 1) {
                    throw e;
                }
                replication = replication.refusedBy(e.getCause().getMessage());
                topics.clear();
                for (String name : names) {
                    topics.add(new NewTopic(name, partitions, replication.used()).configs(replication.topicConfig()));
                }
                admin.createTopics(topics).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            waitForLeaders(admin, names, partitions);
            return replication;
        } catch (ExecutionException e) {
            throw new IllegalStateException((replication == null ? "describing the cluster at " : "creating topics on ") + bootstrap
                    + " failed: " + e.getCause().getMessage() + (replication == null ? "" : " (replication factor " + replication.used()
                    + " of " + replication.requested() + " requested, " + replication.brokers() + " broker(s), " + partitions
                    + " partitions)"), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics on " + bootstrap + " got no answer within "
                    + ADMIN_TIMEOUT_MS / 1000 + " s: is a broker listening there?", e);
        }
    }

    /** Every partition has a leader before load starts, so the first seconds measure the broker, not elections. */
    private void waitForLeaders(Admin admin, List<String> names, int partitions) throws Exception {
        long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .values().stream().allMatch(d -> d.partitions().size() == partitions
                                && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (ExecutionException e) {
                // A broker that has not learnt of the new topics yet answers UNKNOWN_TOPIC_OR_PARTITION (a busy Kafka cluster)
                if (!(e.getCause() instanceof RetriableException) || clock.nanoTime() - deadline > 0) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (clock.nanoTime() - deadline > 0) {
                throw new TimeoutException("partitions of " + names + " have no leader after " + ADMIN_TIMEOUT_MS / 1000 + " s");
            }
            clock.sleep(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Override
    public void deleteTopics(List<String> names) {
        Map<String, Object> props = adminProps();
        props.put("default.api.timeout.ms", "10000");
        props.put("request.timeout.ms", "5000");
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(names).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Best effort: the topics belong to this run only and are named after it.
        }
    }

    @Override
    public BenchProducer producer(String topic) {
        Map<String, Object> p = new HashMap<>(settings.producerProperties());
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        return new BenchProducer() {
            @Override
            public void send(int partition, byte[] key, byte[] value, Ack ack) {
                try {
                    producer.send(new ProducerRecord<>(topic, partition, key, value), (md, e) -> ack.done(e));
                } catch (RuntimeException e) {
                    ack.done(e);
                }
            }

            @Override
            public void flush(long timeoutMs) {
                Thread flusher = new Thread(producer::flush, "crucible-flush-" + topic);
                flusher.setDaemon(true);
                flusher.start();
                try {
                    flusher.join(timeoutMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(5));
            }
        };
    }

    @Override
    public BenchConsumer consumer(String topic, String group) {
        Map<String, Object> p = new HashMap<>(settings.consumerProperties());
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", group);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return new BenchConsumer() {
            private volatile boolean paused;
            private volatile int assigned;
            private boolean appliedPause;

            @Override
            public int poll(long timeoutMs, Sink sink) {
                if (paused != appliedPause) {
                    if (paused) {
                        consumer.pause(consumer.assignment());
                    } else {
                        consumer.resume(consumer.paused());
                    }
                    appliedPause = paused;
                } else if (paused && !consumer.assignment().equals(consumer.paused())) {
                    consumer.pause(consumer.assignment());
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(timeoutMs));
                } catch (WakeupException e) {
                    return 0;
                }
                assigned = consumer.assignment().size();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    sink.accept(r.partition(), r.value());
                }
                return records.count();
            }

            @Override
            public int assignedPartitions() {
                return assigned;
            }

            @Override
            public void paused(boolean value) {
                paused = value;
            }

            @Override
            public void wakeup() {
                consumer.wakeup();
            }

            @Override
            public void close() {
                try {
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
                } catch (WakeupException e) {
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
                }
            }
        };
    }

    @Override
    public void close() {}
}
