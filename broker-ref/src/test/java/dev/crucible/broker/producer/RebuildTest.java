package dev.crucible.broker.producer;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.LogConfig;
import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.crucible.broker.producer.ProducerBatches.idempotent;
import static dev.crucible.broker.producer.ProducerBatches.plain;
import static dev.crucible.broker.producer.TestPartition.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** After a restart, the producer state rebuilt from the log answers exactly as before it. */
class RebuildTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void aRetryAfterARestartIsStillADuplicateWithItsOriginalOffsets() throws Exception {
        clock.update(1_700_000_000_000L);
        LogConfig smallSegments = LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(128);
        TestPartition partition = TestPartition.open(dir, clock, smallSegments, false);
        try {
            for (int seq = 0; seq < 30; seq += 2) {
                partition.append(idempotent(1, 0, seq, "p1-" + seq, "p1-" + (seq + 1)));
                partition.append(plain("plain-" + seq));
                partition.append(idempotent(2, 3, seq / 2, "p2-" + seq));
            }
            partition.append(idempotent(3, 0, 0, "p3-old"));
            partition.append(idempotent(3, 1, 0, "p3-new"));
            assertThat(partition.log.segmentCount()).isGreaterThan(3);
            long end = partition.log.logEndOffset();

            partition = partition.reopen();

            assertThat(partition.log.logEndOffset()).isEqualTo(end);
            assertThat(partition.table.producerCount()).isEqualTo(3);
            assertThat(partition.table.lastSequenceOf(1)).isEqualTo(29);
            assertThat(partition.table.epochOf(2)).isEqualTo((short) 3);
            assertThat(partition.table.lastSequenceOf(2)).isEqualTo(14);
            assertThat(partition.table.epochOf(3)).isEqualTo((short) 1);

            AppendRequest lastOfP1 = partition.append(idempotent(1, 0, 28, "p1-28", "p1-29"));
            assertThat(lastOfP1.succeeded()).isTrue();
            assertThat(lastOfP1.baseOffset()).isEqualTo(end - 6);
            assertThat(lastOfP1.lastOffset()).isEqualTo(end - 5);
            AppendRequest olderOfP1 = partition.append(idempotent(1, 0, 20, "p1-20", "p1-21"));
            assertThat(olderOfP1.baseOffset()).isEqualTo(end - 6 - 4 * 4);

            AppendRequest gap = partition.append(idempotent(1, 0, 31, "p1-31"));
            assertThat(refusal(gap)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            AppendRequest zombie = partition.append(idempotent(3, 0, 1, "p3-zombie"));
            assertThat(refusal(zombie)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
            AppendRequest next = partition.append(idempotent(1, 0, 30, "p1-30"));
            assertThat(next.baseOffset()).isEqualTo(end);

            assertThat(partition.records()).hasSize((int) end + 1).endsWith(end + ":p1-30");
        } finally {
            partition.close();
        }
    }

    @Test
    void anEmptyLogRebuildsAnEmptyTable() throws Exception {
        try (TestPartition partition = TestPartition.open(dir, clock, LogConfig.DEFAULT, false)) {
            assertThat(partition.table.producerCount()).isZero();
        }
    }

    @Test
    void aProducerWhoseBatchesRetentionDeletedIsUnknownAfterARestart() throws Exception {
        clock.update(1_700_000_000_000L);
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(1024).withRetentionBytes(2048)
            .withRetentionMs(-1); // the test batches carry 1970 timestamps
        TestPartition partition = TestPartition.open(dir, clock, config, false);
        try {
            for (int seq = 0; seq < 10; seq++) {
                partition.append(idempotent(1, 0, seq, "old-" + seq));
            }
            for (int seq = 0; seq < 40; seq++) {
                partition.append(idempotent(2, 0, seq, "new-" + seq));
            }
            assertThat(partition.writer.enforceRetentionNow()).isPositive();
            assertThat(partition.log.logStartOffset()).isGreaterThan(10);

            partition = partition.reopen();

            assertThat(partition.table.epochOf(1)).isEqualTo((short) -1);
            assertThat(partition.append(idempotent(1, 0, 77, "back")).succeeded()).isTrue();
            assertThat(partition.table.lastSequenceOf(2)).isEqualTo(39);
            assertThat(refusal(partition.append(idempotent(2, 0, 41, "gap")))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        } finally {
            partition.close();
        }
    }

    /**
     * The newest snapshot plus the headers after it give the same state as every header from the start:
     * the closing snapshot removed, the roll snapshots and the tail are used; all removed, a full scan.
     */
    @Test
    void aRebuildFromASnapshotAndTheTailAnswersAsAFullScan() throws Exception {
        clock.update(1_700_000_000_000L);
        LogConfig smallSegments = LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(128);
        TestPartition partition = TestPartition.open(dir, clock, smallSegments, false);
        long end;
        try {
            for (int seq = 0; seq < 40; seq++) {
                partition.append(idempotent(1, 0, seq, "p1-" + seq));
                partition.append(idempotent(2, 0, seq, "p2-" + seq));
            }
            end = partition.log.logEndOffset();
        } finally {
            partition.close();
        }
        java.util.List<java.nio.file.Path> snapshots = snapshotFiles();
        assertThat(snapshots).as("kept: the closing one and the newest roll").hasSize(2);
        assertThat(snapshots.get(1).getFileName().toString()).isEqualTo(String.format("%020d.snapshot", end));
        java.nio.file.Files.delete(snapshots.get(1));
        long p1Seq37 = end - 6; // p1 and p2 alternate: p1's seq 37 is the sixth record from the end
        for (int round = 0; round < 2; round++) { // round 0: roll snapshot + tail; round 1: no snapshot at all
            partition = TestPartition.open(dir, clock, smallSegments, false);
            try {
                assertThat(partition.table.lastSequenceOf(1)).isEqualTo(39);
                assertThat(partition.table.lastSequenceOf(2)).isEqualTo(39 + round);
                AppendRequest retry = partition.append(idempotent(1, 0, 37, "p1-37"));
                assertThat(retry.baseOffset()).as("a retry of a batch still remembered is a duplicate").isEqualTo(p1Seq37);
                AppendRequest next = partition.append(idempotent(2, 0, 40 + round, "p2-next"));
                assertThat(next.succeeded()).isTrue();
            } finally {
                partition.log.listener(null); // no closing snapshot: the next round reads the log
                partition.close();
            }
            for (java.nio.file.Path f : snapshotFiles()) {
                if (round == 0) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
    }

    private java.util.List<java.nio.file.Path> snapshotFiles() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".snapshot")).sorted().toList();
        }
    }
}
