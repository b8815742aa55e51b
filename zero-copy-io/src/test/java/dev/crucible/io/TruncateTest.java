package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Log#truncateTo}: the log afterwards is the log that only the kept batches would have made,
 * file for file and index entry for index entry, and it goes on taking appends and recovering.
 */
class TruncateTest {
    private static final int BATCHES = 300;
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);
    private final LogConfig config = LogConfig.DEFAULT.withIndexIntervalBytes(64).withSegmentBytes(4 * 1024);

    @AfterEach
    void stop() {
        writer.close();
    }

    /** Appends "v{from}".."v{to-1}", one record per batch, with timestamps that increase. */
    private static void append(Log log, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            log.appendAsync(Batches.batch(1_000 + i, "v" + i)).get();
        }
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i + ":v" + i);
        }
        return out;
    }

    @ParameterizedTest(name = "truncate {0} batches to {1}")
    @ValueSource(ints = {299, 290, 150, 64, 1, 0})
    void truncatingLeavesTheFilesThatWritingOnlyThePrefixLeaves(int keep) throws Exception {
        Path cut = dir.resolve("cut");
        Path prefix = dir.resolve("prefix");
        try (Log log = Log.open(cut, config, writer); Log reference = Log.open(prefix, config, writer)) {
            append(log, 0, BATCHES);
            append(reference, 0, keep);
            assertThat(log.segmentCount()).as("the cuts fall in several segments").isGreaterThan(3);

            assertThat(log.truncateTo(keep)).isEqualTo(keep);

            assertThat(log.logEndOffset()).isEqualTo(keep);
            assertThat(log.segmentBaseOffsets()).isEqualTo(reference.segmentBaseOffsets());
            assertThat(TestLogs.readAll(log, 0, 100)).containsExactlyElementsOf(expected(0, keep));
            assertThat(log.offsetForTimestamp(1_000 + keep)).as("the time index forgot the cut records").isEqualTo(-1);
            append(log, keep, keep + 40);
            append(reference, keep, keep + 40);
            assertThat(log.segmentBaseOffsets()).isEqualTo(reference.segmentBaseOffsets());
        }
        // a deleted segment's files go once its last reference does, and a background force of it holds one:
        // closing the writer waits for those forces
        writer.close();
        assertThat(TestLogs.fingerprint(cut)).as("segments and both indexes, byte for byte")
            .isEqualTo(TestLogs.fingerprint(prefix));
        try (GroupCommitWriter again = TestLogs.writer(clock); Log reopened = Log.open(cut, config, again)) {
            assertThat(reopened.logEndOffset()).isEqualTo(keep + 40);
            for (int offset = 0; offset < keep + 40; offset += 17) {
                assertThat(TestLogs.readAll(reopened, offset, 100)).containsExactlyElementsOf(expected(offset, keep + 40));
            }
        }
    }

    @Test
    void anOffsetInsideABatchCutsTheWholeBatch() throws Exception {
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < 5; i++) {
                log.appendAsync(Batches.batch(1_000 + i, "a" + i, "b" + i, "c" + i)).get();
            }
            assertThat(log.truncateTo(7)).as("offset 7 is in the batch 6..8").isEqualTo(6);
            assertThat(log.logEndOffset()).isEqualTo(6);
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactly("0:a0", "1:b0", "2:c0", "3:a1", "4:b1", "5:c1");
            assertThat(log.appendAsync(Batches.batch(2_000, "next")).get().baseOffset()).isEqualTo(6);
        }
    }

    @Test
    void anOffsetAtOrPastTheEndChangesNothing() throws Exception {
        try (Log log = Log.open(dir, config, writer)) {
            append(log, 0, 20);
            var before = TestLogs.fingerprint(dir);
            assertThat(log.truncateTo(20)).isEqualTo(20);
            assertThat(log.truncateTo(1_000)).isEqualTo(20);
            assertThat(TestLogs.fingerprint(dir)).isEqualTo(before);
        }
    }

    @Test
    void anOffsetBelowTheLogStartIsRefusedAndTheLogKeepsWorking() throws Exception {
        try (Log log = Log.open(dir, config.withRetentionBytes(8 * 1024), writer)) {
            append(log, 0, BATCHES);
            writer.enforceRetentionNow();
            long start = log.logStartOffset();
            assertThat(start).isPositive();

            assertThatThrownBy(() -> log.truncateTo(start - 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below its log start offset " + start);
            assertThat(log.truncateTo(start)).as("down to empty, at the log start").isEqualTo(start);
            assertThat(log.segmentBaseOffsets()).containsExactly(start);
            assertThat(log.appendAsync(Batches.batch(5_000, "again")).get().baseOffset()).isEqualTo(start);
        }
    }
}
