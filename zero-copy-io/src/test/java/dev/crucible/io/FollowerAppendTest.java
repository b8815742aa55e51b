package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appends as a follower ({@link AppendRequest#asFollower(boolean)}): the leader's batches are stored as
 * they are, offsets and epochs included, and only where they continue the log: a gap or an overlap is
 * refused before anything is written.
 */
class FollowerAppendTest {
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

    private static CompletableFuture<AppendRequest> submit(Log log, AppendRequest request) {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        log.append(request.callback(done::complete));
        return done;
    }

    private static AppendRequest follow(Log log, ByteBuffer batches) throws Exception {
        return submit(log, new AppendRequest().batches(batches).asFollower(true)).get();
    }

    private static AppendRequest lead(Log log, int epoch, ByteBuffer batches) throws Exception {
        return submit(log, new AppendRequest().batches(batches).leaderEpoch(epoch)).get();
    }

    /** A copy of {@code bytes}' remaining content, so that what was handed to the writer can be compared later. */
    private static ByteBuffer copy(ByteBuffer bytes) {
        return ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
    }

    @Test
    void aFollowerStoresTheLeadersBatchesByteForByteOffsetsAndEpochsIncluded() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(2 * 1024).withIndexIntervalBytes(128);
        try (Log leader = Log.open(dir.resolve("leader"), config, writer);
             Log follower = Log.open(dir.resolve("follower"), config, writer)) {
            for (int i = 0; i < 60; i++) {
                int epoch = i < 20 ? 1 : i < 45 ? 4 : 7;
                ByteBuffer batch = i % 7 == 3 ? Batches.batch(Compression.gzip().build(), clock.time() + i, "z" + i, "zz" + i)
                    : i % 2 == 0 ? Batches.batch(clock.time() + i, "v" + i, "w" + i, "x" + i) : Batches.batch(clock.time() + i, "v" + i);
                assertThat(lead(leader, epoch, batch).succeeded()).isTrue();
            }
            assertThat(leader.segmentCount()).as("the copy crosses segments").isGreaterThan(2);

            FetchSlice slice = new FetchSlice();
            long next = 0;
            while (next < leader.logEndOffset()) {
                leader.read(next, 700, slice); // one or several batches per fetch, as a replica fetcher gets them
                ByteBuffer fetched = slice.copyTo(ByteBuffer.allocateDirect(slice.length())).flip();
                ByteBuffer handedOver = copy(fetched);
                AppendRequest done = follow(follower, fetched);
                assertThat(done.succeeded()).as("follower append at %d: %s", next, done.error()).isTrue();
                assertThat(done.baseOffset()).isEqualTo(slice.firstOffset());
                assertThat(done.lastOffset()).isEqualTo(slice.nextOffset() - 1);
                assertThat(fetched.rewind()).as("the writer does not rewrite a follower's batches").isEqualTo(handedOver);
                next = slice.nextOffset();
            }

            assertThat(follower.logEndOffset()).isEqualTo(leader.logEndOffset());
            assertThat(TestLogs.storedBatches(follower, 0)).as("every stored byte, offsets and epochs included")
                .isEqualTo(TestLogs.storedBatches(leader, 0));
            assertThat(TestLogs.readAll(follower, 0, 4096)).isEqualTo(TestLogs.readAll(leader, 0, 4096));
            assertThat(follower.epochEntries()).isEqualTo(leader.epochEntries()).hasSize(3).containsKeys(1, 4, 7);
        }
    }

    @Test
    void aGapOrAnOverlapIsRefusedNamingTheOffsetsAndNothingIsWritten() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer first = Batches.concat(Batches.fromLeader(0, 2, 1_000, "a", "b"), Batches.fromLeader(2, 2, 1_001, "c", "d", "e"));
            AppendRequest stored = follow(log, first);
            assertThat(stored.baseOffset()).isEqualTo(0);
            assertThat(stored.lastOffset()).isEqualTo(4);
            Map<String, String> before = TestLogs.fingerprint(dir);

            AppendRequest gap = follow(log, Batches.fromLeader(7, 9, 1_002, "g"));
            assertThat(gap.succeeded()).isFalse();
            assertThat(gap.error()).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("begins at offset 7 but the log ends at 5").hasMessageContaining("a gap of 2 offsets");
            assertThat(gap.baseOffset()).isEqualTo(-1);

            AppendRequest overlap = follow(log, Batches.fromLeader(3, 9, 1_002, "o", "p", "q"));
            assertThat(overlap.error()).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("begins at offset 3 but the log ends at 5").hasMessageContaining("an overlap of 2 offsets");

            AppendRequest inside = follow(log, Batches.concat(Batches.fromLeader(5, 9, 1_002, "f"), Batches.fromLeader(8, 9, 1_003, "i")));
            assertThat(inside.error()).as("the batches of one request must follow each other").isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("batch 1 begins at offset 8 but the one before it ends at 5");

            assertThat(log.logEndOffset()).isEqualTo(5);
            assertThat(log.epochEntries()).as("the refused batches' epoch 9 is not known").containsExactly(Map.entry(2, 0L));
            assertThat(TestLogs.fingerprint(dir)).as("segments, indexes and checkpoint untouched").isEqualTo(before);

            AppendRequest next = follow(log, Batches.concat(Batches.fromLeader(5, 3, 1_004, "f"), Batches.fromLeader(6, 3, 1_005, "g", "h")));
            assertThat(next.succeeded()).isTrue();
            assertThat(next.baseOffset()).isEqualTo(5);
            assertThat(next.lastOffset()).isEqualTo(7);
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f", "6:g", "7:h");
            assertThat(log.epochEntries()).containsExactly(Map.entry(2, 0L), Map.entry(3, 5L));
        }
    }

    @Test
    void aRefusedRequestLeavesTheOthersSubmittedWithItAlone() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            CompletableFuture<AppendRequest> good = submit(log, new AppendRequest().asFollower(true)
                .batches(Batches.fromLeader(0, 1, 1_000, "a", "b")));
            CompletableFuture<AppendRequest> bad = submit(log, new AppendRequest().asFollower(true)
                .batches(Batches.fromLeader(5, 1, 1_001, "x")));
            CompletableFuture<AppendRequest> after = submit(log, new AppendRequest().asFollower(true)
                .batches(Batches.fromLeader(2, 1, 1_002, "c")));

            assertThat(good.get().lastOffset()).isEqualTo(1);
            assertThat(bad.get().error()).isInstanceOf(InvalidBatchException.class).hasMessageContaining("the log ends at 2");
            assertThat(after.get().baseOffset()).isEqualTo(2);
            assertThat(log.failed()).isFalse();
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactly("0:a", "1:b", "2:c");
        }
    }

    @Test
    void aFollowersBatchesAreCheckedLikeAnyOther() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer damaged = Batches.fromLeader(0, 1, 1_000, "some value");
            int at = damaged.limit() - 3;
            damaged.put(at, (byte) (damaged.get(at) ^ 0x10));
            assertThat(follow(log, damaged).error()).isInstanceOf(InvalidBatchException.class).hasMessageContaining("CRC32C mismatch");
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.epochEntries()).isEmpty();
        }
    }

    @Test
    void aFollowerKeepsTheLeadersEpochsWhateverLeaderEpochTheRequestCarries() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            AppendRequest done = submit(log, new AppendRequest().asFollower(true).leaderEpoch(9)
                .batches(Batches.fromLeader(0, 2, 1_000, "a"))).get();
            assertThat(done.succeeded()).isTrue();
            ByteBuffer stored = TestLogs.storedBatches(log, 0);
            assertThat(RecordBatch.partitionLeaderEpoch(stored, 0)).isEqualTo(2);
            assertThat(log.latestEpoch()).isEqualTo(2);
        }
    }

    @Test
    void resetEndsTheFollowerModeAndTheWriterAssignsOffsetsAgain() throws Exception {
        AppendRequest request = new AppendRequest().asFollower(true);
        assertThat(request.reset().asFollower()).isFalse();
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            lead(log, 0, Batches.batch(1_000, "a"));
            AppendRequest done = submit(log, request.batches(Batches.fromLeader(40, 5, 1_001, "b"))).get();
            assertThat(done.baseOffset()).as("a leader's append: the batch's own base offset is replaced").isEqualTo(1);
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactly("0:a", "1:b");
        }
    }
}
