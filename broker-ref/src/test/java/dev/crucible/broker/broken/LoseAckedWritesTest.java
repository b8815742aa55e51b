package dev.crucible.broker.broken;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.clients.JavaClients;
import dev.crucible.broker.log.AdmissionFactory;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.LogConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code lose-acked-writes} mode loses what it acknowledged in the last second or so before a stop,
 * and hands the lost offsets out again.
 */
class LoseAckedWritesTest {
    private static final Map<String, String> MODE = Map.of("crucible.broken", "lose-acked-writes");
    private static final int EARLY = 30;
    private static final int LATE = 10;
    @TempDir
    Path dir;

    @Test
    void aRestartRollsBackToTheCheckpointLosingLaterAcknowledgedWritesAndReusingTheirOffsets() throws Exception {
        Path checkpoint = dir.resolve(LoseAckedWrites.CHECKPOINT_FILE);
        try (TestBroker broker = new TestBroker(dir, MODE)) {
            try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of())) {
                for (int i = 0; i < EARLY; i++) {
                    assertThat(send(producer, "early-" + i)).isEqualTo(i);
                }
                awaitCheckpointAt(checkpoint, EARLY);
                // The file just read was written after the observation of the tick that wrote it, so the next
                // write still holds EARLY: these acknowledged writes stay out of it for at least LAG_MS.
                for (int i = 0; i < LATE; i++) {
                    assertThat(send(producer, "late-" + i)).as("acknowledged").isEqualTo(EARLY + i);
                }
            }
            assertThat(partitionEnd(broker)).isEqualTo(EARLY + LATE);

            broker.restart(); // the new broker writes its checkpoint again only after LAG_MS, and then the same ends

            long rolledBackTo = EndOffsetCheckpoint.read(checkpoint).get("lost-0");
            assertThat(rolledBackTo).as("covers the early writes, not all the late ones").isBetween((long) EARLY, EARLY + LATE - 1L);
            assertThat(partitionEnd(broker)).isEqualTo(rolledBackTo);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < rolledBackTo; i++) {
                expected.add(i + ":" + (i < EARLY ? "early-" + i : "late-" + (i - EARLY)));
            }
            assertThat(JavaClients.readAll(broker.bootstrap(), new TopicPartition("lost", 0)))
                    .as("the acknowledged late writes past the checkpoint are gone")
                .containsExactlyElementsOf(expected);

            try (KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of())) {
                assertThat(send(producer, "after-restart")).as("a lost offset handed out again").isEqualTo(rolledBackTo);
            }
            expected.add(rolledBackTo + ":after-restart");
            assertThat(JavaClients.readAll(broker.bootstrap(), new TopicPartition("lost", 0))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void onlyPartitionsWithAnEntryAreRolledBackOnceAndNeverBelowTheirStart() throws Exception {
        EndOffsetCheckpoint.write(dir.resolve(LoseAckedWrites.CHECKPOINT_FILE),
            Map.of("a-0", 3L, "b-0", 50L, "d-0", 3L));
        AdmissionFactory admissions = LoseAckedWrites.load(dir).rollingBackFirst(AdmissionFactory.NONE);
        LogConfig small = LogConfig.DEFAULT.withSegmentBytes(1024).withRetentionBytes(1024);
        GroupCommitWriter writer = GroupCommitWriter.start();
        try (Log a = Log.open(dir.resolve("a-0"), small, writer);
             Log b = Log.open(dir.resolve("b-0"), small, writer);
             Log c = Log.open(dir.resolve("c-0"), small, writer);
             Log d = Log.open(dir.resolve("d-0"), small, writer)) {
            for (Log log : List.of(a, b, c, d)) {
                int records = log == d ? 60 : 10;
                for (int i = 0; i < records; i++) {
                    log.appendAsync(oneRecord("v" + i)).get(10, TimeUnit.SECONDS);
                }
            }
            writer.enforceRetentionNow();
            long dStart = d.logStartOffset();
            assertThat(dStart).as("retention moved d's start past its checkpoint").isGreaterThan(3);
            for (Log log : List.of(a, b, c, d)) {
                admissions.create(log, null);
            }
            assertThat(a.logEndOffset()).as("rolled back").isEqualTo(3);
            assertThat(b.logEndOffset()).as("a checkpoint past the end changes nothing").isEqualTo(10);
            assertThat(c.logEndOffset()).as("no entry: as recovered").isEqualTo(10);
            assertThat(d.logEndOffset()).as("down to its start, not below").isEqualTo(dStart);
            a.appendAsync(oneRecord("again")).get(10, TimeUnit.SECONDS);
            admissions.create(a, null);
            assertThat(a.logEndOffset()).as("each entry is applied once").isEqualTo(4);
        } finally {
            writer.close();
        }
    }

    private static java.nio.ByteBuffer oneRecord(String value) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value.getBytes(StandardCharsets.UTF_8)))
            .buffer();
    }

    private static long send(KafkaProducer<String, String> producer, String value) throws Exception {
        return producer.send(new ProducerRecord<>("lost", 0, null, value)).get(30, TimeUnit.SECONDS).offset();
    }

    private static long partitionEnd(TestBroker broker) {
        return broker.broker().topics().get("lost").partition(0).log().logEndOffset();
    }

    /** Polls the checkpoint until it holds exactly {@code end} for the partition (it lags 1-2 s). */
    private static void awaitCheckpointAt(Path checkpoint, long end) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Long seen = Files.exists(checkpoint) ? EndOffsetCheckpoint.read(checkpoint).get("lost-0") : null;
            if (seen != null && seen == end) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the checkpoint of lost-0 never reached " + end + " in 20 s; last seen " + seen);
            }
            Thread.sleep(20);
        }
    }
}
