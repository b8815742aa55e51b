package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches whose headers claim huge offset spans (the engine does not count records; the broker does).
 * The index stores offsets relative to the segment as 4 bytes, so the engine must never write a batch
 * whose last offset does not fit: before the span check and the roll of an empty segment, such an
 * append was written, then failed indexing it, and the log refused every later append.
 */
class OffsetSpanTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    /** A one-record batch whose header claims lastOffsetDelta {@code delta} (and that many records), CRC resealed. */
    private ByteBuffer claiming(int delta, String value) {
        ByteBuffer b = Batches.batch(clock.time(), value);
        b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, delta);
        b.putInt(RecordBatch.RECORD_COUNT_OFFSET, delta == Integer.MAX_VALUE ? delta : delta + 1);
        b.putInt(RecordBatch.CRC_OFFSET, RecordBatch.computeCrc(new CRC32C(), b, 0, b.remaining()));
        return b;
    }

    @Test
    void anAppendSpanningMoreOffsetsThanASegmentIndexesIsRefusedAndTheLogLives() throws Exception {
        clock.update(1_000);
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer both = Batches.concat(claiming(Integer.MAX_VALUE, "huge"), Batches.batch(clock.time(), "next"));
            assertThatThrownBy(() -> log.appendAsync(both).get()).hasCauseInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("span");
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.appendAsync(Batches.batch(clock.time(), "fine")).get().baseOffset()).isZero();
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:fine");
        }
    }

    @Test
    void appendsOfOneGroupThatOverflowAnEmptySegmentRollIt() throws Exception {
        clock.update(1_000);
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            // submitted back to back, so they usually share a group on the still empty first segment
            CompletableFuture<AppendRequest> huge = log.appendAsync(claiming(Integer.MAX_VALUE - 1, "huge"));
            CompletableFuture<AppendRequest> next = log.appendAsync(claiming(5, "next"));
            assertThat(huge.get(10, TimeUnit.SECONDS).lastOffset()).isEqualTo(Integer.MAX_VALUE - 1);
            assertThat(next.get(10, TimeUnit.SECONDS).baseOffset()).isEqualTo(Integer.MAX_VALUE);
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, (long) Integer.MAX_VALUE);
            assertThat(log.appendAsync(Batches.batch(clock.time(), "after")).get().baseOffset())
                .isEqualTo(Integer.MAX_VALUE + 6L);
        }
    }
}
