package dev.crucible.broker.clients;

import dev.crucible.broker.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Java consumers in one classic group, joining and leaving while records flow: every record is
 * processed exactly once across rebalances and commits, and committed offsets survive a restart.
 */
class JavaConsumerGroupTest {
    static final String TOPIC = "work";
    static final String GROUP = "workers";
    @TempDir
    Path dir;
    private TestBroker broker;
    private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
    private final AtomicInteger assignmentsSeen = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dir);
        try (Admin admin = JavaClients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** One group member: poll, process, commit; commits again before its partitions are taken away. */
    final class Member implements Runnable {
        final KafkaConsumer<String, String> consumer = JavaClients.consumer(broker.bootstrap(), GROUP,
            Map.of("enable.auto.commit", false, "max.poll.records", 200));
        final Thread thread = new Thread(this, "member");
        volatile Throwable failure;

        Member start() {
            thread.start();
            return this;
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        consumer.commitSync();
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        assignmentsSeen.incrementAndGet();
                    }
                });
                while (true) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        processed.computeIfAbsent(r.value(), v -> new AtomicInteger()).incrementAndGet();
                    }
                    consumer.commitSync();
                }
            } catch (WakeupException e) {
                consumer.commitSync();
            } catch (Throwable t) {
                failure = t;
            } finally {
                consumer.close(); // leaves the group
            }
        }

        void stop() throws InterruptedException {
            consumer.wakeup();
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(failure).isNull();
        }
    }

    private void produce(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "key" + i, "v" + i));
        }
        producer.flush();
    }

    private void awaitProcessed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (processed.size() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        assertThat(processed).hasSize(count);
    }

    @Test
    void membersJoinAndLeaveWithoutLosingOrRepeatingARecord() throws Exception {
        try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of())) {
            Member a = new Member().start();
            produce(producer, 0, 5_000);
            awaitProcessed(5_000);
            Member b = new Member().start();
            Member c = new Member().start();
            produce(producer, 5_000, 10_000);
            awaitProcessed(10_000);
            try (Admin admin = JavaClients.admin(broker.bootstrap())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                ConsumerGroupDescription group;
                do {
                    group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get(30, TimeUnit.SECONDS);
                } while (assigned(group) < 6 && System.nanoTime() - deadline < 0 && sleep());
                assertThat(group.members()).hasSize(3);
                assertThat(assigned(group)).as("the six partitions are spread over the members").isEqualTo(6);
                assertThat(group.groupState()).isEqualTo(org.apache.kafka.common.GroupState.STABLE);
            }
            a.stop();
            produce(producer, 10_000, 15_000);
            awaitProcessed(15_000);
            b.stop();
            produce(producer, 15_000, 20_000);
            awaitProcessed(20_000);
            c.stop();
        }
        assertThat(processed.values()).allMatch(n -> n.get() == 1);
        assertThat(assignmentsSeen.get()).as("assignments across generations").isGreaterThanOrEqualTo(5);
        try (Admin admin = JavaClients.admin(broker.bootstrap())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(20_000);
        }
        broker.restart();
        try (Admin admin = JavaClients.admin(broker.bootstrap())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed).hasSize(6);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .as("committed offsets survive a restart").isEqualTo(20_000);
        }
        try (KafkaConsumer<String, String> again = JavaClients.consumer(broker.bootstrap(), GROUP, Map.of())) {
            again.subscribe(List.of(TOPIC));
            int more = 0;
            for (int i = 0; i < 10; i++) {
                more += again.poll(Duration.ofMillis(300)).count();
            }
            assertThat(more).as("a restarted group resumes at its committed offsets").isZero();
        }
    }

    private static int assigned(ConsumerGroupDescription group) {
        return group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }
}
