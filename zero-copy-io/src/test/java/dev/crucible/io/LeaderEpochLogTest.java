package dev.crucible.io;

import dev.crucible.io.LeaderEpochCache.EpochEnd;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log's leader-epoch cache while the log runs: it follows the epochs of the batches appended (stamped
 * by this leader or carried by a follower's batches), a new leader begins its epoch at the log end, a
 * leader's answers to followers, and truncation and retention cutting it at either end. Its checkpoint
 * always holds what the cache holds.
 */
class LeaderEpochLogTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private GroupCommitWriter writer;

    @BeforeEach
    void startWriter() {
        clock.update(1_000_000);
        writer = TestLogs.writer(clock);
    }

    @AfterEach
    void stopWriter() {
        writer.close();
    }

    private static AppendRequest append(Log log, AppendRequest request) throws Exception {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        log.append(request.callback(done::complete));
        AppendRequest result = done.get();
        assertThat(result.succeeded()).as("append: %s", result.error()).isTrue();
        return result;
    }

    /** Appends {@code batches} batches of {@code records} records each, stamped with {@code epoch} (-1: not stamped). */
    private void lead(Log log, int epoch, int batches, int records) throws Exception {
        for (int b = 0; b < batches; b++) {
            String[] values = new String[records];
            for (int r = 0; r < records; r++) {
                values[r] = "e" + epoch + "-" + log.logEndOffset() + "-" + r;
            }
            append(log, new AppendRequest().batches(Batches.batch(clock.time(), values)).leaderEpoch(epoch));
        }
    }

    /** The cache holds exactly what the stored batch headers say, and its checkpoint file holds the same. */
    private static void agreesWithTheBatches(Log log) throws Exception {
        assertThat(log.epochEntries()).as("cache against the batch headers").isEqualTo(TestLogs.epochsOfBatches(log));
        assertThat(LeaderEpochCache.open(log.dir()).entries()).as("checkpoint against the cache").isEqualTo(log.epochEntries());
    }

    @Test
    void aLeadersStampedAppendsBeginEachNewerEpochAtItsFirstBatch() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            assertThat(Files.readString(dir.resolve(LeaderEpochCache.FILE))).as("a new log has an empty checkpoint").isEqualTo("0\n0\n");
            lead(log, -1, 1, 1);
            assertThat(log.latestEpoch()).as("batches without an epoch tell nothing").isEqualTo(-1);
            assertThat(log.epochEntries()).isEmpty();

            lead(log, 0, 3, 1);
            lead(log, 2, 2, 3);
            assertThat(log.epochEntries()).containsExactly(Map.entry(0, 1L), Map.entry(2, 4L));
            lead(log, 1, 1, 1);
            assertThat(log.epochEntries()).as("an older epoch's batch is stored but does not rewrite the cache")
                .containsExactly(Map.entry(0, 1L), Map.entry(2, 4L));
            lead(log, 5, 1, 2);
            assertThat(log.latestEpoch()).isEqualTo(5);
            assertThat(log.epochEntries()).containsExactly(Map.entry(0, 1L), Map.entry(2, 4L), Map.entry(5, 11L));
            assertThat(Files.readString(dir.resolve(LeaderEpochCache.FILE))).as("Kafka's format").isEqualTo("0\n3\n0 1\n2 4\n5 11\n");
            agreesWithTheBatches(log);
        }
    }

    @Test
    void oneRequestOfAFollowerCanBeginSeveralEpochs() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer batches = Batches.concat(Batches.fromLeader(0, 1, 1_000, "a"), Batches.fromLeader(1, 1, 1_001, "b", "c"),
                Batches.fromLeader(3, 4, 1_002, "d"), Batches.fromLeader(4, 7, 1_003, "e", "f"), Batches.fromLeader(6, 7, 1_004, "g"));
            AppendRequest done = append(log, new AppendRequest().asFollower(true).batches(batches));
            assertThat(done.lastOffset()).isEqualTo(6);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(4, 3L), Map.entry(7, 4L));
            agreesWithTheBatches(log);

            append(log, new AppendRequest().asFollower(true).batches(Batches.fromLeader(7, 9, 1_005, "h")));
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(4, 3L), Map.entry(7, 4L), Map.entry(9, 7L));
            agreesWithTheBatches(log);
        }
    }

    @Test
    void aNewLeaderBeginsItsEpochAtTheLogEndBeforeItWritesAnything() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            lead(log, 1, 5, 1);
            assertThat(log.assignLeaderEpoch(4)).isEqualTo(5);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(4, 5L));
            assertThat(log.endOffsetFor(1)).as("epoch 1 ended where 4 began").isEqualTo(new EpochEnd(1, 5));
            assertThat(log.endOffsetFor(4)).isEqualTo(new EpochEnd(4, 5));
            String checkpoint = Files.readString(dir.resolve(LeaderEpochCache.FILE));

            assertThat(log.assignLeaderEpoch(4)).as("already the latest: nothing changes").isEqualTo(5);
            lead(log, 4, 3, 1);
            assertThat(log.assignLeaderEpoch(4)).as("the epoch's start stays where it began").isEqualTo(5);
            assertThat(Files.readString(dir.resolve(LeaderEpochCache.FILE))).isEqualTo(checkpoint);
            assertThat(log.endOffsetFor(4)).isEqualTo(new EpochEnd(4, 8));
            agreesWithTheBatches(log);

            assertThatThrownBy(() -> log.assignLeaderEpoch(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the latest epoch is 4");
            assertThatThrownBy(() -> log.assignLeaderEpoch(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(4, 5L));
            assertThat(log.failed()).isFalse();
        }
        try (Log reopened = Log.open(dir, LogConfig.DEFAULT, writer, true)) {
            assertThat(reopened.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(4, 5L));
        }
    }

    @Test
    void endOffsetForAnswersAfterSeveralEpochsAsAKafkaLeaderDoes() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withSegmentBytes(1024), writer)) {
            lead(log, 1, 5, 2);
            lead(log, 3, 10, 1);
            lead(log, 6, 2, 5);
            assertThat(log.logEndOffset()).isEqualTo(30);
            assertThat(log.segmentCount()).isGreaterThan(1);
            assertThat(log.endOffsetFor(1)).isEqualTo(new EpochEnd(1, 10));
            assertThat(log.endOffsetFor(2)).as("never an epoch here: the one before it").isEqualTo(new EpochEnd(1, 10));
            assertThat(log.endOffsetFor(3)).isEqualTo(new EpochEnd(3, 20));
            assertThat(log.endOffsetFor(5)).isEqualTo(new EpochEnd(3, 20));
            assertThat(log.endOffsetFor(6)).as("the latest ends at the log end").isEqualTo(new EpochEnd(6, 30));
            assertThat(log.endOffsetFor(0)).as("before the first known epoch").isEqualTo(new EpochEnd(0, 0));
            assertThat(log.endOffsetFor(7)).isEqualTo(EpochEnd.UNDEFINED_END);
            assertThat(log.endOffsetFor(-1)).isEqualTo(EpochEnd.UNDEFINED_END);
            lead(log, 6, 1, 1);
            assertThat(log.endOffsetFor(6)).isEqualTo(new EpochEnd(6, 31));
        }
    }

    @Test
    void truncationForgetsTheEpochsThatBeganAtOrAfterTheNewEnd() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withSegmentBytes(1024), writer)) {
            lead(log, 1, 10, 1);
            lead(log, 3, 10, 1);
            lead(log, 6, 3, 3);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(3, 10L), Map.entry(6, 20L));

            assertThat(log.truncateTo(25)).as("inside the batch 24..26").isEqualTo(23);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(3, 10L), Map.entry(6, 20L));
            assertThat(log.truncateTo(21)).as("inside epoch 6's first batch").isEqualTo(20);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(3, 10L));
            agreesWithTheBatches(log);
            assertThat(log.truncateTo(15)).isEqualTo(15);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(3, 10L));
            assertThat(log.truncateTo(10)).isEqualTo(10);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L));
            assertThat(log.endOffsetFor(1)).isEqualTo(new EpochEnd(1, 10));
            agreesWithTheBatches(log);

            lead(log, 7, 2, 1);
            assertThat(log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(7, 10L));
            assertThat(log.truncateTo(0)).isZero();
            assertThat(log.epochEntries()).isEmpty();
            agreesWithTheBatches(log);
        }
    }

    @Test
    void aLeadersEpochWithoutBatchesGoesWhenTheLogIsCutBelowIt() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            lead(log, 2, 6, 1);
            log.assignLeaderEpoch(3);
            assertThat(log.truncateTo(4)).isEqualTo(4);
            assertThat(log.epochEntries()).containsExactly(Map.entry(2, 0L));
            assertThat(log.assignLeaderEpoch(3)).as("begun again at the new end").isEqualTo(4);
        }
    }

    /**
     * A broker that led epoch 3 without appending and then follows: the follower's cut to its own end
     * (nothing to remove) must still drop epoch 3, or its next fetch names 3 as its last fetched epoch,
     * the leader (without epoch 3) answers "diverging" at the same end, and the two loop forever (found by
     * broker-ref's replication simulation).
     */
    @Test
    void aCutAtTheLogEndStillDropsAnEpochThatBeganThere() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            lead(log, 2, 6, 1);
            log.assignLeaderEpoch(3);
            assertThat(log.truncateTo(6)).isEqualTo(6);
            assertThat(log.epochEntries()).containsExactly(Map.entry(2, 0L));
            assertThat(log.latestEpoch()).isEqualTo(2);
            agreesWithTheBatches(log);
        }
    }

    @Test
    void retentionMovesTheFirstEpochToTheNewLogStart() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(1024).withRetentionBytes(3 * 1024);
        try (Log log = Log.open(dir, config, writer)) {
            lead(log, 1, 40, 1);
            lead(log, 2, 40, 1);
            lead(log, 4, 40, 1);
            assertThat(writer.enforceRetentionNow()).isPositive();
            long start = log.logStartOffset();
            assertThat(start).as("epoch 1 and part of epoch 2 are gone").isBetween(41L, 79L);
            assertThat(log.epochEntries()).containsExactly(Map.entry(2, start), Map.entry(4, 80L));
            agreesWithTheBatches(log);
        }
    }

    @Test
    void readsFromOtherThreadsSeeAConsistentCacheWhileEpochsChange() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            Thread[] readers = new Thread[2];
            Throwable[] failures = new Throwable[readers.length];
            AtomicBoolean stop = new AtomicBoolean();
            for (int t = 0; t < readers.length; t++) {
                int index = t;
                readers[t] = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            Map<Integer, Long> entries = log.epochEntries();
                            long previous = -1;
                            for (Map.Entry<Integer, Long> e : entries.entrySet()) {
                                assertThat(e.getValue()).isEqualTo(2L * e.getKey()).isGreaterThan(previous);
                                previous = e.getValue();
                            }
                            EpochEnd end = log.endOffsetFor(log.latestEpoch());
                            assertThat(end.endOffset()).isGreaterThanOrEqualTo(previous);
                        }
                    } catch (Throwable e) {
                        failures[index] = e;
                    }
                });
                readers[t].start();
            }
            for (int epoch = 0; epoch < 60; epoch++) {
                lead(log, epoch, 1, 2); // epoch e begins at offset 2e
            }
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(failures).containsOnlyNulls();
            assertThat(log.epochEntries()).hasSize(60);
        }
    }
}
