package dev.crucible.broker;

import dev.crucible.broker.clients.JavaClients;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.net.RawClient;
import dev.crucible.testing.Await;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean stop leaves the clean-stop marker and a producer snapshot at each log's end; the next start
 * consumes the marker (a crash after it recovers in full) and serves everything as before.
 */
class CleanRestartTest {
    @TempDir
    Path dir;

    private static void produce(String bootstrap, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = JavaClients.producer(bootstrap,
            Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>("t", 0, null, "v" + i)).get();
            }
        }
    }

    @Test
    void aCleanStopIsMarkedAndTheMarkedStartServesEverything() throws Exception {
        BrokerLog.quiet(true);
        try {
            TestBroker broker = new TestBroker(dir, Map.of("auto.create.topics.enable", "true"));
            broker.broker().topics().create("t", 1, Map.of());
            produce(broker.bootstrap(), 0, 50);
            broker.close();
            assertThat(dir.resolve(CleanShutdown.MARKER)).exists();
            try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
                assertThat(files.map(p -> p.getFileName().toString())).contains(String.format("%020d.snapshot", 50));
            }

            try (TestBroker again = new TestBroker(dir, Map.of())) {
                assertThat(dir.resolve(CleanShutdown.MARKER)).as("consumed: a crash from here recovers in full").doesNotExist();
                produce(again.bootstrap(), 50, 10);
                List<String> all = JavaClients.readAll(again.bootstrap(), new TopicPartition("t", 0));
                assertThat(all).hasSize(60).first().isEqualTo("0:v0");
                assertThat(all).last().isEqualTo("59:v59");
            }
        } finally {
            BrokerLog.quiet(false);
        }
    }

    /**
     * A consumer's long poll parked on the logs when the broker stops: the network threads stop first (its timeout
     * with them), then closing each log wakes the poll; that wake must neither fail nor keep the other logs from
     * closing cleanly.
     */
    @Test
    void aCleanStopWithALongPollParkedIsStillMarked() throws Exception {
        BrokerLog.quiet(true);
        try {
            TestBroker broker = new TestBroker(dir, Map.of());
            broker.broker().topics().create("t", 3, Map.of());
            try (RawClient waiting = new RawClient(broker.port())) {
                List<FetchRequestData.FetchPartition> partitions = new java.util.ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    partitions.add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(0).setPartitionMaxBytes(1 << 20));
                }
                waiting.sendRaw(RawClient.frame(ApiKeys.FETCH, (short) 12, 1, new FetchRequestData().setReplicaId(-1)
                    .setMaxWaitMs(600_000).setMinBytes(1).setMaxBytes(1 << 20)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("t").setPartitions(partitions)))));
                Partition first = broker.broker().topics().get("t").partition(0);
                Await.until("the long poll to park", () -> first.waitingFetches() == 1);
                broker.close();
            }
            assertThat(dir.resolve(CleanShutdown.MARKER)).as("every log closed cleanly").exists();
        } finally {
            BrokerLog.quiet(false);
        }
    }

    /** After a start, the recovery points are on disk, each tied to its topic id; the offsets log's too. */
    @Test
    void theRecoveryPointsAreSavedAtStartWithTheirTopicIds() throws Exception {
        BrokerLog.quiet(true);
        try (TestBroker broker = new TestBroker(dir, Map.of())) {
            broker.broker().topics().create("t", 2, Map.of());
            produce(broker.bootstrap(), 0, 5);
            broker.restart();
            Map<String, dev.crucible.broker.log.RecoveryCheckpoint.Point> points =
                dev.crucible.broker.log.RecoveryCheckpoint.read(dir);
            String id = broker.broker().topics().get("t").id().toString();
            assertThat(points.get("t-0")).isEqualTo(new dev.crucible.broker.log.RecoveryCheckpoint.Point(5, id));
            assertThat(points.get("t-1")).isEqualTo(new dev.crucible.broker.log.RecoveryCheckpoint.Point(0, id));
            assertThat(points).containsKey("__crucible_offsets-0");
            assertThat(dev.crucible.broker.log.RecoveryCheckpoint.pointOf(points, "t-0", "another-id"))
                .as("a topic created again under the name validates everything").isZero();
        } finally {
            BrokerLog.quiet(false);
        }
    }
}
