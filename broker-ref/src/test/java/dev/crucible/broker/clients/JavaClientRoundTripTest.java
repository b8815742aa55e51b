package dev.crucible.broker.clients;

import dev.crucible.broker.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Java kafka-clients 4.x, unchanged, against broker-ref: producer, consumer and admin. */
class JavaClientRoundTripTest {
    @TempDir
    Path dir;
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void idempotentProducerToConsumerRoundTripOf100kRecordsOnSixPartitions() throws Exception {
        try (Admin admin = JavaClients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("orders", 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int total = 100_000;
        Map<Integer, List<String>> sentByPartition = new HashMap<>();
        try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of("linger.ms", 5))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                acks.add(producer.send(new ProducerRecord<>("orders", "k" + (i % 997), "v" + i)));
            }
            for (int i = 0; i < total; i++) {
                RecordMetadata md = acks.get(i).get(60, TimeUnit.SECONDS);
                List<String> list = sentByPartition.computeIfAbsent(md.partition(), p -> new ArrayList<>());
                assertThat(md.offset()).as("offsets are dense per partition").isEqualTo(list.size());
                list.add("v" + i);
            }
        }
        assertThat(sentByPartition).hasSize(6);
        Map<Integer, List<String>> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(broker.bootstrap(), null, Map.of())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                partitions.add(new TopicPartition("orders", p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int count = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count < total && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    List<String> list = received.computeIfAbsent(r.partition(), p -> new ArrayList<>());
                    assertThat(r.offset()).isEqualTo(list.size());
                    list.add(r.value());
                    count++;
                }
            }
        }
        assertThat(received).isEqualTo(sentByPartition);
    }

    @Test
    void adminCreatesDescribesAndDeletesTopics() throws Exception {
        try (Admin admin = JavaClients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("a", 3, (short) 1).configs(Map.of("retention.ms", "3600000")),
                new NewTopic("b", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactlyInAnyOrder("a", "b");
            TopicDescription a = admin.describeTopics(List.of("a")).allTopicNames().get(30, TimeUnit.SECONDS).get("a");
            assertThat(a.partitions()).hasSize(3);
            assertThat(a.partitions().get(0).leader().id()).isEqualTo(0);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "a");
            var configs = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(configs.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete");
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("a", 1, (short) 1))).all().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicExistsException.class);
            admin.createPartitions(Map.of("b", org.apache.kafka.clients.admin.NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.describeTopics(List.of("b")).allTopicNames().get(30, TimeUnit.SECONDS).get("b").partitions()).hasSize(4);
            admin.deleteTopics(List.of("a")).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactly("b");
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
        }
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterEachTimestamp() throws Exception {
        long base = 1_700_000_000_000L;
        try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of("batch.size", 200))) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("times", 0, base + i * 10L, null, "v" + i)).get();
            }
        }
        TopicPartition tp = new TopicPartition("times", 0);
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(broker.bootstrap(), null, Map.of())) {
            for (long probe : new long[] {0, base, base + 5, base + 10, base + 1234, base + 2990}) {
                OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, probe)).get(tp);
                long expectedIndex = probe <= base ? 0 : (probe - base + 9) / 10;
                assertThat(found.offset()).as("probe %d", probe).isEqualTo(expectedIndex);
                assertThat(found.timestamp()).isEqualTo(base + expectedIndex * 10);
            }
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + 5000)).get(tp)).isNull();
            assertThat(consumer.endOffsets(Set.of(tp)).get(tp)).isEqualTo(300);
            assertThat(consumer.beginningOffsets(Set.of(tp)).get(tp)).isZero();
        }
    }

    @Test
    void dataAndProducerStateSurviveARestartUnderTheSameProducer() throws Exception {
        TopicPartition tp = new TopicPartition("durable", 0);
        try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of(
            "retries", Integer.MAX_VALUE, "delivery.timeout.ms", 60_000, "reconnect.backoff.max.ms", 200))) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("durable", 0, null, "a" + i));
            }
            producer.flush();
            broker.restart();
            // the same producer id and sequence numbers continue: the broker must have rebuilt its state
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                acks.add(producer.send(new ProducerRecord<>("durable", 0, null, "b" + i)));
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(acks.get(i).get(60, TimeUnit.SECONDS).offset()).isEqualTo(1000 + i);
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(broker.bootstrap(), null, Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 2000 && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> values.add(r.value()));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String prefix : List.of("a", "b")) {
            for (int i = 0; i < 1000; i++) {
                expected.add(prefix + i);
            }
        }
        assertThat(values).containsExactlyElementsOf(expected);
    }

    @Test
    void logAppendTimeTopicsStampTheBrokersTimeThatProducerAndConsumerSee() throws Exception {
        try (Admin admin = JavaClients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("stamped", 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get(30, TimeUnit.SECONDS);
        }
        long before = System.currentTimeMillis();
        long ackedTimestamp;
        try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of("compression.type", "gzip"))) {
            ackedTimestamp = producer.send(new ProducerRecord<>("stamped", 0, 1_000L, null, "old-create-time"))
                .get(30, TimeUnit.SECONDS).timestamp();
        }
        assertThat(ackedTimestamp).as("the producer is told the broker's append time").isGreaterThanOrEqualTo(before);
        TopicPartition tp = new TopicPartition("stamped", 0);
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(broker.bootstrap(), null, Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(300)).forEach(got::add);
            }
            assertThat(got).hasSize(1);
            assertThat(got.get(0).value()).isEqualTo("old-create-time");
            assertThat(got.get(0).timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(got.get(0).timestamp()).isEqualTo(ackedTimestamp);
        }
    }
}
