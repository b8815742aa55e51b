package dev.crucible.broker.clients;

import dev.crucible.broker.TestCluster;
import dev.crucible.broker.net.RawClient;
import dev.crucible.testing.Await;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.crucible.broker.clients.JavaClients.awaitInSync;
import static dev.crucible.broker.clients.JavaClients.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replication across three broker-ref processes (issue 20), followers fetching over the REPLICATION
 * listener: replicas in sync, acks=all acknowledged only when the in-sync replicas have the batch and
 * stored byte for byte on every replica, a leader killed with SIGKILL failing over with no
 * acknowledged write lost or duplicated, and min.insync.replicas refusing acks=all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationClusterTest {
    private static final String TOPIC = "replicated";
    private static final int PARTITIONS = 3;

    @TempDir
    static Path dir;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.withReplicationListener(dir, 3).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            System.out.println(cluster.logs());
            cluster.close();
        }
    }

    private static byte[] logBytes(int node, String topic, int partition) throws Exception {
        Path partitionDir = dir.resolve("n" + node).resolve(topic + "-" + partition);
        try (Stream<Path> files = Files.list(partitionDir)) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Path log : logs) {
                all.write(Files.readAllBytes(log));
            }
            return all.toByteArray();
        }
    }

    @Test
    @Order(1)
    void aTopicOfReplicationFactorThreeHasEveryReplicaInSyncAndItsLeadersSpread() throws Exception {
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(30, TimeUnit.SECONDS);
            awaitInSync(admin, TOPIC, 3);
            TopicDescription d = describe(admin, TOPIC);
            for (TopicPartitionInfo p : d.partitions()) {
                assertThat(p.replicas().stream().map(Node::id).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1, 2);
            }
            assertThat(d.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet())).hasSize(3);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("too-many", 1, (short) 4))).all().get(30, TimeUnit.SECONDS))
                .hasMessageContaining("Replication factor: 4 larger than available brokers: 3");
        }
    }

    @Test
    @Order(2)
    void acksAllWritesAreStoredByteForByteOnEveryReplica() throws Exception {
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrap(), Map.of("acks", "all", "linger.ms", "5"))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> read = JavaClients.readAll(cluster.bootstrap(), new TopicPartition(TOPIC, p));
            assertThat(read).as("partition %d", p).hasSize(100);
            int partition = p;
            Await.until("partition " + p + " identical on all replicas", Duration.ofSeconds(30), () -> {
                try {
                    byte[] first = logBytes(0, TOPIC, partition);
                    return first.length > 0 && Arrays.equals(first, logBytes(1, TOPIC, partition))
                        && Arrays.equals(first, logBytes(2, TOPIC, partition));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /**
     * A follower whose log reaches beyond its leader's end (possible only without leader-epoch checks, as in the
     * broken pre-KIP-101 mode) is told OFFSET_OUT_OF_RANGE together with the leader's high watermark and log start,
     * which it cuts to and fetches on from (ReplicaFetcher), instead of being stuck.
     */
    @Test
    @Order(2)
    void aFollowerFetchBeyondTheLeadersEndGetsTheLeadersHighWatermarkWithTheError() throws Exception {
        String topic = "beyond-end";
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            awaitInSync(admin, topic, 3);
            try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrap(), Map.of("acks", "all"))) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            TopicPartitionInfo p = describe(admin, topic).partitions().get(0);
            int leader = p.leader().id();
            int follower = p.replicas().stream().map(Node::id).filter(id -> id != leader).findFirst().orElseThrow();
            FetchRequestData request = new FetchRequestData().setReplicaId(follower).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
                    new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(9).setCurrentLeaderEpoch(-1)
                        .setLastFetchedEpoch(-1).setPartitionMaxBytes(1 << 20)))));
            try (RawClient raw = new RawClient(cluster.clientPorts().get(leader))) {
                FetchResponseData response = raw.call(ApiKeys.FETCH, (short) 12, request, new FetchResponseData());
                FetchResponseData.PartitionData answer = response.responses().get(0).partitions().get(0);
                assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
                assertThat(answer.highWatermark()).isEqualTo(5);
                assertThat(answer.logStartOffset()).isZero();
            }
        }
    }

    /**
     * KIP-951 through the hand-written Produce codec: a produce sent to a follower is refused with
     * NOT_LEADER_OR_FOLLOWER, the partition's leader and epoch, and that leader's address, by topic name (v12)
     * and by topic id (v13), as kafka-clients parses it.
     */
    @Test
    @Order(2)
    void aProduceToAFollowerNamesTheLeaderAndItsAddress() throws Exception {
        TopicDescription d;
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            d = describe(admin, TOPIC);
        }
        TopicPartitionInfo p = d.partitions().get(0);
        int leader = p.leader().id();
        int follower = p.replicas().stream().map(Node::id).filter(id -> id != leader).findFirst().orElseThrow();
        for (short version : new short[] {12, 13}) {
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData();
            if (version >= 13) {
                topic.setTopicId(d.topicId());
            } else {
                topic.setName(TOPIC);
            }
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("x".getBytes(StandardCharsets.UTF_8)))));
            ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
            request.topicData().add(topic);
            try (RawClient raw = new RawClient(cluster.clientPorts().get(follower))) {
                ProduceResponseData response = raw.call(ApiKeys.PRODUCE, version, request, new ProduceResponseData());
                ProduceResponseData.TopicProduceResponse answer = response.responses().iterator().next();
                assertThat(version >= 13 ? answer.topicId() : answer.name()).isEqualTo(version >= 13 ? d.topicId() : TOPIC);
                ProduceResponseData.PartitionProduceResponse part = answer.partitionResponses().get(0);
                assertThat(Errors.forCode(part.errorCode())).as("v%d", version).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
                assertThat(part.errorMessage()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.message());
                assertThat(part.baseOffset()).isEqualTo(-1);
                assertThat(part.currentLeader().leaderId()).isEqualTo(leader);
                assertThat(part.currentLeader().leaderEpoch()).isGreaterThanOrEqualTo(0);
                assertThat(response.nodeEndpoints()).hasSize(1);
                ProduceResponseData.NodeEndpoint endpoint = response.nodeEndpoints().iterator().next();
                assertThat(endpoint.nodeId()).isEqualTo(leader);
                assertThat(endpoint.port()).isEqualTo(cluster.clientPorts().get(leader));
                assertThat(endpoint.host()).isNotEmpty();
            }
        }
    }

    @Test
    @Order(3)
    void killingALeaderFailsOverWithoutLosingOrDuplicatingAcknowledgedWrites() throws Exception {
        int victim;
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            victim = describe(admin, TOPIC).partitions().get(0).leader().id();
        }
        List<String> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrap(),
            Map.of("acks", "all", "delivery.timeout.ms", "60000", "request.timeout.ms", "5000"))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k", "before-" + i)).get(30, TimeUnit.SECONDS);
                acked.add("before-" + i);
            }
            long killed = System.nanoTime();
            cluster.node(victim).kill();
            List<Future<RecordMetadata>> during = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                during.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "after-" + i)));
            }
            for (int i = 0; i < during.size(); i++) {
                during.get(i).get(60, TimeUnit.SECONDS);
                acked.add("after-" + i);
            }
            System.out.println("partition 0: leader " + victim + " killed; the 100 writes sent after it were acknowledged "
                + (System.nanoTime() - killed) / 1_000_000 + " ms after the kill");
        }
        String survivors = cluster.bootstrapWithout(victim);
        try (Admin admin = JavaClients.admin(survivors)) {
            TopicPartitionInfo p0 = describe(admin, TOPIC).partitions().get(0);
            assertThat(p0.leader().id()).isNotEqualTo(victim);
            assertThat(p0.isr().stream().map(Node::id).toList()).doesNotContain(victim);
        }
        List<String> read = JavaClients.readAll(survivors, new TopicPartition(TOPIC, 0)).stream()
            .map(r -> r.substring(r.indexOf(':') + 1)).filter(v -> v.startsWith("before-") || v.startsWith("after-")).toList();
        assertThat(read).as("no acknowledged write lost, none twice, in order").containsExactlyElementsOf(acked);
        cluster.node(victim).launch().awaitStarted();
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            awaitInSync(admin, TOPIC, 3);
        }
    }

    @Test
    @Order(4)
    void belowMinInsyncReplicasAcksAllIsRefusedAndAcksOneIsNot() throws Exception {
        String strict = "strict";
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(strict, 1, (short) 3).configs(Map.of("min.insync.replicas", "3"))))
                .all().get(30, TimeUnit.SECONDS);
            awaitInSync(admin, strict, 3);
            int leader = describe(admin, strict).partitions().get(0).leader().id();
            int follower = (leader + 1) % 3;
            cluster.node(follower).kill();
            try {
                belowMinInsync(admin, strict, follower);
            } finally { // whatever happened, the next tests get their third broker back
                cluster.node(follower).launch().awaitStarted();
            }
            awaitInSync(admin, strict, 3);
        }
    }

    private static void belowMinInsync(Admin admin, String strict, int follower) throws Exception {
        Await.until("broker " + follower + " out of the ISR", Duration.ofSeconds(30), () -> {
            try {
                return describe(admin, strict).partitions().get(0).isr().size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrapWithout(follower),
            Map.of("acks", "all", "retries", "0", "enable.idempotence", "false", "request.timeout.ms", "3000",
                "delivery.timeout.ms", "3500"))) {
            // The leader may apply the shrunk ISR a moment after another broker showed it: a send admitted before
            // then waits for a replica that cannot come and times out (Kafka's DelayedProduce does the same). Once
            // the leader knows, the refusal is immediate. No acks=all send may ever be acknowledged here.
            Await.until("an acks=all send refused with NOT_ENOUGH_REPLICAS", Duration.ofSeconds(30), () -> {
                try {
                    RecordMetadata acked = producer.send(new ProducerRecord<>(strict, 0, "k", "refused")).get(10, TimeUnit.SECONDS);
                    throw new AssertionError("acks=all acknowledged with 2 in-sync replicas of min 3: " + acked);
                } catch (ExecutionException e) {
                    return e.getCause() instanceof NotEnoughReplicasException;
                } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                    return false;
                }
            });
        }
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrapWithout(follower), Map.of("acks", "1"))) {
            // acknowledged by the leader alone (after any timed-out acks=all send, which the leader did append)
            assertThat(producer.send(new ProducerRecord<>(strict, 0, "k", "one")).get(30, TimeUnit.SECONDS).offset())
                .isGreaterThanOrEqualTo(0);
        }
    }

    private static void produce(String bootstrap, String topic, String phase, int perPartition) throws Exception {
        try (KafkaProducer<String, String> producer = JavaClients.producer(bootstrap, Map.of("acks", "all", "delivery.timeout.ms", "60000"))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < perPartition; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, p, "k", phase + "-" + p + "-" + i)));
                }
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls until {@code count} more records arrived (at most 60 s); their values. */
    private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (values.size() < count && System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
        }
        return values;
    }

    @Test
    @Order(5)
    void aConsumerGroupSurvivesItsCoordinatorsDeathWithEveryCommittedOffset() throws Exception {
        String topic = "grouped";
        String group = "survivors";
        Map<String, Object> settings = Map.of("enable.auto.commit", "false", "default.api.timeout.ms", "60000");
        int victim;
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
            awaitInSync(admin, topic, 3);
            produce(cluster.bootstrap(), topic, "first", 100);
            try (KafkaConsumer<String, String> a = JavaClients.consumer(cluster.bootstrap(), group, settings)) {
                a.subscribe(List.of(topic));
                assertThat(poll(a, 300)).hasSize(300);
                a.commitSync();
                victim = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).coordinator().id();
                TopicDescription offsets = describe(admin, "__consumer_offsets");
                assertThat(offsets.isInternal()).as("clients see the offsets topic as internal").isTrue();
                int partition = org.apache.kafka.common.utils.Utils.abs(group.hashCode()) % offsets.partitions().size();
                TopicPartitionInfo home = offsets.partitions().get(partition);
                assertThat(home.leader().id()).as("the coordinator leads the group's offsets partition").isEqualTo(victim);
                assertThat(home.replicas()).hasSize(3);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("listed only when internal topics are asked for")
                    .doesNotContain("__consumer_offsets");

                long killed = System.nanoTime();
                cluster.node(victim).kill();
                produce(cluster.bootstrapWithout(victim), topic, "second", 100);
                List<String> second = poll(a, 300);
                a.poll(Duration.ofMillis(500)).forEach(r -> second.add(r.value())); // and nothing more
                a.commitSync(); // to whichever broker now leads the offsets partition, which knows this member
                System.out.println("group coordinator " + victim + " killed; the live member read and committed the next 300 records "
                    + (System.nanoTime() - killed) / 1_000_000 + " ms after the kill");
                assertThat(second).as("the live member reads on after its coordinator died, with no rebalance (no re-read)")
                    .hasSize(300).doesNotHaveDuplicates().allMatch(v -> v.startsWith("second-"));
            }
        }
        String survivors = cluster.bootstrapWithout(victim);
        try (Admin admin = JavaClients.admin(survivors)) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed).hasSize(PARTITIONS);
            committed.values().forEach(o -> assertThat(o.offset()).as("every commit kept").isEqualTo(200));
            assertThat(admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).coordinator().id())
                .isNotEqualTo(victim);
        }
        produce(survivors, topic, "third", 100);
        try (KafkaConsumer<String, String> b = JavaClients.consumer(survivors, group, settings)) {
            b.subscribe(List.of(topic));
            List<String> third = poll(b, 300);
            b.poll(Duration.ofMillis(500)).forEach(r -> third.add(r.value())); // nothing more may come
            assertThat(third).as("a new member starts at the committed offsets: nothing read twice, nothing skipped")
                .hasSize(300).allMatch(v -> v.startsWith("third-"));
        }
        cluster.node(victim).launch().awaitStarted();
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            awaitInSync(admin, topic, 3);
        }
    }
}
