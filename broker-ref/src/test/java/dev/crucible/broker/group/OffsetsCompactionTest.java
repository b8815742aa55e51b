package dev.crucible.broker.group;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.io.GroupCommitWriter;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offsets log is compacted at start when it holds mostly overwritten commits, and offsets past
 * offsets.retention.minutes are dropped then, so a start replays what is live rather than every commit
 * ever made; a compaction interrupted by a crash is finished or rolled back.
 */
class OffsetsCompactionTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private GroupCommitWriter writer;

    @BeforeEach
    void start() {
        BrokerLog.quiet(true);
        clock.update(1_700_000_000_000L);
        writer = GroupCommitWriter.start(GroupCommitWriter.Settings.DEFAULT.withClock(clock));
    }

    @AfterEach
    void stop() {
        writer.close();
        timers.shutdownNow();
        BrokerLog.quiet(false);
    }

    private GroupCoordinator open() throws IOException {
        return GroupCoordinator.open(GroupConfig.DEFAULT, dir.resolve("offsets"), writer, clock, timers);
    }

    private static void commit(GroupCoordinator c, String topic, int partition, long offset) throws Exception {
        assertThat(c.commitOffsets((short) 8, Requests.standaloneCommit(topic, partition, offset)).get(10, TimeUnit.SECONDS)
            .topics().get(0).partitions().get(0).errorCode()).isZero();
    }

    private static long committed(GroupCoordinator c, String topic, int partition) throws Exception {
        return c.fetchOffsets((short) 7, Requests.fetch(topic, partition)).get(10, TimeUnit.SECONDS)
            .topics().get(0).partitions().get(0).committedOffset();
    }

    private long logBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("offsets"))) {
            return files.filter(f -> f.toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aLogOfMostlyOverwrittenCommitsIsCompactedAtStartKeepingEveryLiveOffset() throws Exception {
        GroupCoordinator c = open();
        for (int round = 0; round < 300; round++) {
            for (int p = 0; p < 10; p++) {
                commit(c, "t", p, round * 10L + p);
            }
        }
        c.close();
        long before = logBytes();
        GroupCoordinator again = open();
        try {
            assertThat(logBytes()).isLessThan(before / 50);
            for (int p = 0; p < 10; p++) {
                assertThat(committed(again, "t", p)).isEqualTo(2990L + p);
            }
            commit(again, "t", 0, 5000);
        } finally {
            again.close();
        }
        GroupCoordinator third = open();
        try {
            assertThat(committed(third, "t", 0)).isEqualTo(5000);
            assertThat(committed(third, "t", 9)).isEqualTo(2999);
        } finally {
            third.close();
        }
    }

    @Test
    void offsetsPastTheRetentionAreDroppedAtStart() throws Exception {
        GroupCoordinator c = open();
        commit(c, "old", 0, 7);
        clock.update(clock.time() + 6L * 24 * 3_600_000);
        commit(c, "recent", 0, 9);
        c.close();
        clock.update(clock.time() + 2L * 24 * 3_600_000); // "old" is 8 days old, "recent" 2
        GroupCoordinator again = open();
        try {
            assertThat(committed(again, "old", 0)).isEqualTo(-1);
            assertThat(committed(again, "recent", 0)).isEqualTo(9);
        } finally {
            again.close();
        }
    }

    @Test
    void anInterruptedCompactionIsRolledBackOrFinished() throws Exception {
        GroupCoordinator c = open();
        commit(c, "t", 0, 1);
        c.close();
        Path offsets = dir.resolve("offsets");
        // a crash while writing: the half-written log goes, the old one stands
        Files.createDirectories(dir.resolve("offsets.compacting"));
        Files.writeString(dir.resolve("offsets.compacting").resolve("00000000000000000000.log"), "half");
        GroupCoordinator again = open();
        assertThat(committed(again, "t", 0)).isEqualTo(1);
        again.close();
        assertThat(dir.resolve("offsets.compacting")).doesNotExist();
        // a crash between the two renames: the compacted log is complete and takes the name
        Files.move(offsets, dir.resolve("offsets.compacted"));
        GroupCoordinator third = open();
        try {
            assertThat(committed(third, "t", 0)).isEqualTo(1);
            assertThat(dir.resolve("offsets.compacted")).doesNotExist();
        } finally {
            third.close();
        }
    }
}
