package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission hook (duplicate answers, refusals, in-order view of offsets) and reads bounded by an offset. */
class AdmissionTest {
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

    private static CompletableFuture<AppendRequest> append(Log log, ByteBuffer batch, AppendAdmission admission) {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        log.append(new AppendRequest().batches(batch).admission(admission).callback(done::complete));
        return done;
    }

    @Test
    void admissionSeesEachAppendInLogOrderWithTheOffsetItWillGet() throws Exception {
        List<Long> seen = new ArrayList<>();
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            List<CompletableFuture<AppendRequest>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(append(log, Batches.batch(clock.time(), "x" + i, "y" + i), (r, next) -> seen.add(next)));
            }
            for (int i = 0; i < 50; i++) {
                AppendRequest done = all.get(i).get();
                assertThat(done.succeeded()).isTrue();
                assertThat(done.baseOffset()).isEqualTo(2L * i);
            }
            assertThat(seen).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(seen.get(i)).isEqualTo(2L * i);
            }
        }
    }

    @Test
    void aDuplicateIsAnsweredWithTheStoredOffsetsAndNotWritten() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            append(log, Batches.batch(clock.time(), "a", "b"), null).get();
            append(log, Batches.batch(clock.time(), "c"), null).get();
            AppendRequest dup = append(log, Batches.batch(clock.time(), "a", "b"), (r, next) -> {
                r.alreadyStored(0, 1);
                return false;
            }).get();
            assertThat(dup.succeeded()).isTrue();
            assertThat(dup.baseOffset()).isEqualTo(0);
            assertThat(dup.lastOffset()).isEqualTo(1);
            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:a", "1:b", "2:c");
        }
    }

    @Test
    void aRefusalFailsOnlyThatAppendAndLeavesTheLogWritable() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            append(log, Batches.batch(clock.time(), "a"), null).get();
            AppendRequest refused = append(log, Batches.batch(clock.time(), "b"), (r, next) -> {
                throw new AppendRefusedException(45, "out of order");
            }).get();
            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.error()).isInstanceOf(AppendRefusedException.class);
            assertThat(((AppendRefusedException) refused.error()).reason()).isEqualTo(45);
            AppendRequest after = append(log, Batches.batch(clock.time(), "c"), null).get();
            assertThat(after.baseOffset()).isEqualTo(1);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:a", "1:c");
        }
    }

    @Test
    void readsStopBeforeTheBoundAcrossSegments() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(100);
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < 40; i++) {
                log.appendAsync(Batches.batch(clock.time(), "v" + i)).get();
            }
            assertThat(log.segmentCount()).isGreaterThan(3);
            FetchSlice slice = new FetchSlice();
            for (long bound = 0; bound <= 40; bound++) {
                for (long from = 0; from <= 40; from += 3) {
                    log.read(from, 1 << 20, bound, slice);
                    if (from >= bound) {
                        assertThat(slice.isEmpty()).as("from %d bound %d", from, bound).isTrue();
                        assertThat(slice.nextOffset()).isEqualTo(from);
                    } else {
                        assertThat(slice.isEmpty()).isFalse();
                        assertThat(slice.firstOffset()).isEqualTo(from);
                        assertThat(slice.nextOffset()).as("from %d bound %d", from, bound).isLessThanOrEqualTo(bound);
                    }
                }
            }
            List<String> visible = new ArrayList<>();
            long next = 0;
            while (true) {
                log.read(next, 1 << 20, 17, slice);
                if (slice.isEmpty()) {
                    break;
                }
                visible.addAll(Batches.decode(slice.copyTo(ByteBuffer.allocate(slice.length())).flip()));
                next = slice.nextOffset();
            }
            assertThat(visible).hasSize(17);
            assertThat(visible.get(16)).isEqualTo("16:v16");
        }
    }
}
