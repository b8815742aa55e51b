package dev.crucible.broker.producer;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.LogConfig;
import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.crucible.broker.producer.ProducerBatches.concat;
import static dev.crucible.broker.producer.ProducerBatches.idempotent;
import static dev.crucible.broker.producer.ProducerBatches.plain;
import static dev.crucible.broker.producer.TestPartition.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Idempotent produce through a real log: offsets, retries, refusals, and what ends up on disk. */
class PartitionAdmissionTest {
    private static final long PID = 4_000;

    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private TestPartition partition;

    @BeforeEach
    void open() throws Exception {
        clock.update(1_700_000_000_000L);
        partition = TestPartition.open(dir, clock, LogConfig.DEFAULT, false);
    }

    @AfterEach
    void close() {
        partition.close();
    }

    private static void assertOffsets(AppendRequest done, long base, long last) {
        assertThat(done.error()).isNull();
        assertThat(done.succeeded()).isTrue();
        assertThat(done.baseOffset()).isEqualTo(base);
        assertThat(done.lastOffset()).isEqualTo(last);
    }

    @Test
    void inOrderBatchesGetContiguousOffsets() throws Exception {
        assertOffsets(partition.append(idempotent(PID, 0, 0, "a", "b", "c")), 0, 2);
        assertOffsets(partition.append(idempotent(PID, 0, 3, "d", "e")), 3, 4);
        assertOffsets(partition.append(idempotent(PID, 0, 5, "f")), 5, 5);

        assertThat(partition.records()).containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f");
        assertThat(partition.table.epochOf(PID)).isEqualTo((short) 0);
        assertThat(partition.table.lastSequenceOf(PID)).isEqualTo(5);
    }

    @Test
    void aRetriedBatchIsAnsweredWithItsOriginalOffsetsAndStoredOnce() throws Exception {
        ByteBuffer first = idempotent(PID, 0, 0, "a", "b");
        ByteBuffer second = idempotent(PID, 0, 2, "c", "d");
        assertOffsets(partition.append(first.duplicate()), 0, 1);
        assertOffsets(partition.append(plain("x")), 2, 2);
        assertOffsets(partition.append(second.duplicate()), 3, 4);

        assertOffsets(partition.append(idempotent(PID, 0, 0, "a", "b")), 0, 1);
        assertOffsets(partition.append(idempotent(PID, 0, 2, "c", "d")), 3, 4);

        assertThat(partition.log.logEndOffset()).isEqualTo(5);
        assertThat(partition.records()).containsExactly("0:a", "1:b", "2:x", "3:c", "4:d");
    }

    /** A follower's appends (the leader's batches, offsets kept) as the replica fetcher makes them. */
    private AppendRequest followerAppend(ByteBuffer batches) throws Exception {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        partition.log.append(new AppendRequest().batches(batches).asFollower(true).admission(partition.admission).callback(done::complete));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFollowersAppendsAreRememberedSoARetryAfterAFailoverIsAnsweredAsADuplicate() throws Exception {
        ByteBuffer second = idempotent(PID, 0, 2, "c");
        second.putLong(second.position(), 2); // the leader stored it at offset 2
        assertOffsets(followerAppend(idempotent(PID, 0, 0, "a", "b")), 0, 1);
        assertOffsets(followerAppend(second), 2, 2);
        // this replica now leads; the producer, whose answer for "c" was lost with the old leader, retries it
        assertOffsets(partition.append(idempotent(PID, 0, 2, "c")), 2, 2);
        assertOffsets(partition.append(idempotent(PID, 0, 3, "d")), 3, 3);
        assertThat(partition.records()).containsExactly("0:a", "1:b", "2:c", "3:d");
    }

    @Test
    void aCutLogForgetsTheProducersBatchesPastTheCut() throws Exception {
        assertOffsets(partition.append(idempotent(PID, 0, 0, "a")), 0, 0);
        assertOffsets(partition.append(idempotent(PID, 0, 1, "b")), 1, 1);
        partition.log.truncateTo(1); // a follower whose history diverged from its new leader's
        partition.admission.truncated(1);
        assertOffsets(partition.append(idempotent(PID, 0, 1, "b2")), 1, 1);
        assertThat(partition.records()).as("sequence 1 is stored again, not answered from the cut batch").containsExactly("0:a", "1:b2");
    }

    @Test
    void eachOfTheLastFiveBatchesIsADuplicateButAnOlderOneIsOutOfOrder() throws Exception {
        for (int seq = 0; seq < 8; seq++) {
            assertOffsets(partition.append(idempotent(PID, 0, seq, "v" + seq)), seq, seq);
        }
        for (int seq = 3; seq < 8; seq++) {
            assertOffsets(partition.append(idempotent(PID, 0, seq, "v" + seq)), seq, seq);
        }
        AppendRequest tooOld = partition.append(idempotent(PID, 0, 2, "v2"));
        assertThat(refusal(tooOld)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(partition.records()).hasSize(8);
    }

    @Test
    void aRetryMustMatchBothEndsOfTheRememberedBatch() throws Exception {
        partition.append(idempotent(PID, 0, 0, "a", "b"));
        AppendRequest shorter = partition.append(idempotent(PID, 0, 0, "a"));
        assertThat(refusal(shorter)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(partition.records()).containsExactly("0:a", "1:b");
    }

    @Test
    void aGapIsRefusedAsOutOfOrderAndNothingIsWritten() throws Exception {
        partition.append(idempotent(PID, 0, 0, "a"));
        long sizeBefore = partition.log.sizeInBytes();

        AppendRequest gap = partition.append(idempotent(PID, 0, 2, "c"));
        assertThat(refusal(gap)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(gap.baseOffset()).isEqualTo(-1);
        assertThat(partition.log.logEndOffset()).isEqualTo(1);
        assertThat(partition.log.sizeInBytes()).isEqualTo(sizeBefore);
        assertThat(partition.table.lastSequenceOf(PID)).isEqualTo(0);

        assertOffsets(partition.append(idempotent(PID, 0, 1, "b")), 1, 1);
        assertThat(partition.records()).containsExactly("0:a", "1:b");
    }

    @Test
    void anOlderEpochIsRefusedAsInvalidProducerEpoch() throws Exception {
        partition.append(idempotent(PID, 3, 0, "a"));
        AppendRequest zombie = partition.append(idempotent(PID, 2, 1, "b"));
        assertThat(refusal(zombie)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        AppendRequest zombieAtZero = partition.append(idempotent(PID, 2, 0, "b"));
        assertThat(refusal(zombieAtZero)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(partition.records()).containsExactly("0:a");
        assertThat(partition.table.epochOf(PID)).isEqualTo((short) 3);
    }

    @Test
    void aNewEpochStartsOverAtSequenceZero() throws Exception {
        partition.append(idempotent(PID, 0, 0, "a", "b", "c"));

        AppendRequest continued = partition.append(idempotent(PID, 1, 3, "d"));
        assertThat(refusal(continued)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());

        assertOffsets(partition.append(idempotent(PID, 1, 0, "d")), 3, 3);
        assertThat(partition.table.epochOf(PID)).isEqualTo((short) 1);
        assertThat(partition.table.lastSequenceOf(PID)).isEqualTo(0);

        AppendRequest oldRetry = partition.append(idempotent(PID, 0, 0, "a", "b", "c"));
        assertThat(refusal(oldRetry)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(partition.records()).containsExactly("0:a", "1:b", "2:c", "3:d");
    }

    @Test
    void sequencesWrapFromIntegerMaxValueToZero() throws Exception {
        int max = Integer.MAX_VALUE;
        assertOffsets(partition.append(idempotent(PID, 0, max - 1, "a", "b")), 0, 1);
        assertThat(partition.table.lastSequenceOf(PID)).isEqualTo(max);
        AppendRequest notWrapped = partition.append(idempotent(PID, 0, max, "x"));
        assertThat(refusal(notWrapped)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertOffsets(partition.append(idempotent(PID, 0, 0, "c")), 2, 2);

        long other = PID + 1;
        assertOffsets(partition.append(idempotent(other, 0, max - 1, "p", "q", "r", "s")), 3, 6);
        assertThat(partition.table.lastSequenceOf(other)).isEqualTo(1);
        assertOffsets(partition.append(idempotent(other, 0, max - 1, "p", "q", "r", "s")), 3, 6);
        assertOffsets(partition.append(idempotent(other, 0, 2, "t")), 7, 7);
        assertThat(partition.records()).hasSize(8);
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequenceAndThenHeldToIt() throws Exception {
        assertOffsets(partition.append(idempotent(PID, 5, 42, "a")), 0, 0);
        AppendRequest gap = partition.append(idempotent(PID, 5, 44, "c"));
        assertThat(refusal(gap)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertOffsets(partition.append(idempotent(PID, 5, 43, "b")), 1, 1);
    }

    @Test
    void producersAreIndependentOfEachOther() throws Exception {
        assertOffsets(partition.append(idempotent(1, 0, 0, "a")), 0, 0);
        assertOffsets(partition.append(idempotent(2, 0, 0, "b")), 1, 1);
        assertOffsets(partition.append(idempotent(1, 0, 1, "c")), 2, 2);
        assertOffsets(partition.append(idempotent(1, 0, 0, "a")), 0, 0);
        assertOffsets(partition.append(idempotent(2, 0, 0, "b")), 1, 1);
        assertThat(partition.table.producerCount()).isEqualTo(2);
        assertThat(partition.records()).containsExactly("0:a", "1:b", "2:c");
    }

    @Test
    void batchesWithoutAProducerIdPassUnchecked() throws Exception {
        assertOffsets(partition.append(plain("a")), 0, 0);
        assertOffsets(partition.append(plain("a")), 1, 1);
        assertThat(partition.table.producerCount()).isZero();
        assertThat(partition.records()).containsExactly("0:a", "1:a");
    }

    @Test
    void transactionalAndControlBatchesAreRefusedAndTheLogIsUnchanged() throws Exception {
        partition.append(idempotent(PID, 0, 0, "a"));
        long sizeBefore = partition.log.sizeInBytes();

        AppendRequest transactional = partition.append(ProducerBatches.transactional(PID + 1, 0, 0, "t"));
        assertThat(refusal(transactional)).isEqualTo(Errors.INVALID_TXN_STATE.code());
        AppendRequest marker = partition.append(ProducerBatches.commitMarker(PID + 1, 0));
        assertThat(refusal(marker)).isEqualTo(Errors.INVALID_RECORD.code());
        AppendRequest mixed = partition.append(concat(idempotent(PID, 0, 1, "b"), ProducerBatches.transactional(PID + 1, 0, 0, "t")));
        assertThat(refusal(mixed)).isEqualTo(Errors.INVALID_TXN_STATE.code());

        assertThat(partition.log.sizeInBytes()).isEqualTo(sizeBefore);
        assertThat(partition.records()).containsExactly("0:a");
        assertThat(partition.table.producerCount()).isEqualTo(1);
        assertThat(partition.table.lastSequenceOf(PID)).isEqualTo(0);
    }

    @Test
    void aProducerMayNotClaimLogAppendTime() throws Exception {
        AppendRequest claimed = partition.append(plain(TimestampType.LOG_APPEND_TIME, "a"));
        assertThat(refusal(claimed)).isEqualTo(Errors.INVALID_TIMESTAMP.code());
        assertThat(partition.log.logEndOffset()).isZero();
    }

    @Test
    void batchesInOneAppendAreCheckedAgainstTheOnesBeforeThem() throws Exception {
        partition.append(plain("x"));
        AppendRequest both = partition.append(concat(idempotent(PID, 0, 0, "a", "b"), plain("y"), idempotent(PID, 0, 2, "c")));
        assertOffsets(both, 1, 4);
        assertThat(partition.table.lastSequenceOf(PID)).isEqualTo(2);

        assertOffsets(partition.append(idempotent(PID, 0, 2, "c")), 4, 4);
        assertOffsets(partition.append(idempotent(PID, 0, 0, "a", "b")), 1, 2);
        assertThat(partition.records()).containsExactly("0:x", "1:a", "2:b", "3:y", "4:c");
    }

    @Test
    void aRefusedBatchRefusesTheWholeAppendAndRecordsNothing() throws Exception {
        AppendRequest gapInside = partition.append(concat(idempotent(PID, 0, 0, "a"), idempotent(PID, 0, 2, "c")));
        assertThat(refusal(gapInside)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(partition.table.producerCount()).isZero();
        assertThat(partition.log.logEndOffset()).isZero();

        assertOffsets(partition.append(idempotent(PID, 0, 0, "a")), 0, 0);
        AppendRequest retryAmongOthers = partition.append(concat(idempotent(PID, 0, 0, "a"), idempotent(PID, 0, 1, "b")));
        assertThat(refusal(retryAmongOthers)).isEqualTo(Errors.INVALID_RECORD.code());
        AppendRequest retryBesidePlain = partition.append(concat(plain("p"), idempotent(PID, 0, 0, "a")));
        assertThat(refusal(retryBesidePlain)).isEqualTo(Errors.INVALID_RECORD.code());
        assertThat(partition.records()).containsExactly("0:a");
    }

    @Test
    void idleProducersAreForgottenAfterTheExpiry() throws Exception {
        partition.append(idempotent(PID, 0, 0, "a"));
        clock.advance(PartitionAdmission.DEFAULT_PRODUCER_ID_EXPIRATION_MS / 2);
        partition.append(idempotent(PID + 1, 0, 0, "b"));
        clock.advance(PartitionAdmission.DEFAULT_PRODUCER_ID_EXPIRATION_MS / 2);

        partition.append(plain("c"));
        assertThat(partition.table.producerCount()).isEqualTo(1);
        assertThat(partition.table.epochOf(PID)).isEqualTo((short) -1);
        assertOffsets(partition.append(idempotent(PID, 0, 7, "d")), 3, 3);
        List<String> records = partition.records();
        assertThat(records).containsExactly("0:a", "1:b", "2:c", "3:d");
    }

    @Test
    void pipelinedAppendsAndRetriesFromSeveralProducersLandOnceEachInSequenceOrder() throws Exception {
        List<CompletableFuture<AppendRequest>> inFlight = new ArrayList<>();
        int producers = 3;
        int batchesEach = 40;
        for (int seq = 0; seq < batchesEach; seq++) {
            for (long pid = 1; pid <= producers; pid++) {
                inFlight.add(submit(idempotent(pid, 0, seq, pid + "-" + seq)));
                if (seq >= 2) {
                    inFlight.add(submit(idempotent(pid, 0, seq - 2, pid + "-" + (seq - 2))));
                }
            }
        }
        for (CompletableFuture<AppendRequest> done : inFlight) {
            assertThat(done.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
        }
        List<String> records = partition.records();
        assertThat(records).hasSize(producers * batchesEach);
        for (long pid = 1; pid <= producers; pid++) {
            String prefix = pid + "-";
            List<String> values = records.stream().map(r -> r.substring(r.indexOf(':') + 1))
                .filter(v -> v.startsWith(prefix)).toList();
            assertThat(values).hasSize(batchesEach);
            for (int seq = 0; seq < batchesEach; seq++) {
                assertThat(values.get(seq)).isEqualTo(prefix + seq);
            }
        }
    }

    private CompletableFuture<AppendRequest> submit(ByteBuffer batch) {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        partition.log.append(new AppendRequest().batches(batch).admission(partition.admission).callback(done::complete));
        return done;
    }
}
