package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery point: every segment below it is on disk, so after a crash only what follows is
 * validated, and every segment past it is (not only the active one). A segment cut short by
 * validation ends the log, so the log stays a prefix of what was written.
 */
class RecoveryPointTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    private static final LogConfig SMALL = LogConfig.DEFAULT.withSegmentBytes(2048).withIndexIntervalBytes(256);

    private List<String> fill(LogConfig config, int records) throws Exception {
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < records; i++) {
                log.appendAsync(Batches.batch(clock.time(), "value-" + i)).get();
            }
            assertThat(log.segmentCount()).isGreaterThan(3);
            return TestLogs.readAll(log, 0, 1 << 20);
        }
    }

    /** Flips a byte inside the records of the middle batch of segment {@code base}: its CRC fails. */
    private void damage(long base) throws IOException {
        TestLogs.damageTheMiddle(LogFiles.file(dir, base, LogFiles.LOG_SUFFIX), 0x10);
    }

    @Test
    void underNeverRolledSegmentsAreForcedInTheBackgroundAndThePointFollows() throws Exception {
        try (Log log = Log.open(dir, SMALL, writer, false, 0)) {
            for (int i = 0; i < 200; i++) {
                log.appendAsync(Batches.batch(clock.time(), "value-" + i)).get();
            }
            long[] bases = log.segmentBaseOffsets();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (log.recoveryPoint() < bases[bases.length - 1] && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertThat(log.recoveryPoint()).isEqualTo(bases[bases.length - 1]);
        }
    }

    @Test
    void underAlwaysThePointIsTheEndOnceAnAppendIsAcknowledged() throws Exception {
        try (Log log = Log.open(dir, SMALL.withFlushPolicy(FlushPolicy.ALWAYS), writer, false, 0)) {
            for (int i = 0; i < 100; i++) {
                log.appendAsync(Batches.batch(clock.time(), "value-" + i)).get();
                assertThat(log.recoveryPoint()).isEqualTo(log.logEndOffset());
            }
        }
    }

    @Test
    void aDamagedSegmentPastThePointEndsTheLogThereAndLaterOnesGo() throws Exception {
        List<String> all = fill(SMALL, 200);
        long[] bases;
        try (Log log = Log.open(dir, SMALL, writer)) {
            bases = log.segmentBaseOffsets();
        }
        damage(bases[1]);
        try (Log log = Log.open(dir, SMALL, writer, false, bases[1])) {
            assertThat(log.segmentBaseOffsets()).as("segments after the torn one are gone").containsExactly(bases[0], bases[1]);
            long end = log.logEndOffset();
            assertThat(end).isGreaterThan(bases[1]).isLessThan(bases[2]);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).isEqualTo(all.subList(0, (int) end));
            assertThat(log.appendAsync(Batches.batch(clock.time(), "after")).get().baseOffset()).isEqualTo(end);
            assertThat(log.recoveryPoint()).as("what was validated was forced").isGreaterThanOrEqualTo(end);
        }
    }

    @Test
    void segmentsBelowThePointAreNotValidatedAgainButThoseAboveAre() throws Exception {
        List<String> all = fill(SMALL, 200);
        long[] bases;
        try (Log log = Log.open(dir, SMALL, writer)) {
            bases = log.segmentBaseOffsets();
        }
        damage(bases[0]); // below the point: trusted, so the open does not read it
        try (Log log = Log.open(dir, SMALL, writer, false, bases[2])) {
            assertThat(log.logEndOffset()).isEqualTo(200);
            assertThat(log.segmentBaseOffsets()).isEqualTo(bases);
        }
        try (Log log = Log.open(dir, SMALL, writer, false, 0)) { // from 0: everything validated
            assertThat(log.logEndOffset()).isLessThan(bases[1]);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).isEqualTo(all.subList(0, (int) log.logEndOffset()));
        }
    }
}
