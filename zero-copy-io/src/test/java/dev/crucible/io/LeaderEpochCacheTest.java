package dev.crucible.io;

import dev.crucible.io.LeaderEpochCache.EpochEnd;
import dev.crucible.testing.Tries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The leader-epoch cache: Kafka's endOffsetFor answers, monotonic assignment, truncation from either end,
 * the KIP-101 double-failover case decided by epochs rather than the high watermark, and the checkpoint
 * file (round trip, damage refused).
 */
class LeaderEpochCacheTest {
    @TempDir
    Path dir;

    private LeaderEpochCache cache(long... epochStartPairs) throws IOException {
        LeaderEpochCache c = LeaderEpochCache.open(dir);
        for (int i = 0; i < epochStartPairs.length; i += 2) {
            c.assign((int) epochStartPairs[i], epochStartPairs[i + 1]);
        }
        return c;
    }

    @Test
    void endOffsetForAnswersAsKafkasLeadersDo() throws IOException {
        LeaderEpochCache c = cache(1, 0, 3, 10, 5, 20);
        long leo = 30;
        assertThat(c.endOffsetFor(5, leo)).isEqualTo(new EpochEnd(5, 30));
        assertThat(c.endOffsetFor(3, leo)).isEqualTo(new EpochEnd(3, 20));
        assertThat(c.endOffsetFor(4, leo)).as("an epoch never seen: the one before it, ending where the next began").isEqualTo(new EpochEnd(3, 20));
        assertThat(c.endOffsetFor(2, leo)).isEqualTo(new EpochEnd(1, 10));
        assertThat(c.endOffsetFor(0, leo)).as("before the first known epoch").isEqualTo(new EpochEnd(0, 0));
        assertThat(c.endOffsetFor(6, leo)).as("newer than any known").isEqualTo(EpochEnd.UNDEFINED_END);
        assertThat(c.endOffsetFor(-1, leo)).isEqualTo(EpochEnd.UNDEFINED_END);
        assertThat(LeaderEpochCache.open(dir.resolve("..").resolve(dir.getFileName() + "-none")).endOffsetFor(0, 5))
            .isEqualTo(EpochEnd.UNDEFINED_END);
    }

    @Test
    void assigningKeepsEpochsAndStartsGrowingByDroppingWhatWouldNot() throws IOException {
        LeaderEpochCache c = cache(1, 0, 3, 10);
        assertThat(c.assign(3, 12)).as("a later start of the newest epoch is no news").isFalse();
        assertThat(c.assign(2, 5)).isTrue();
        assertThat(c.entries()).containsExactly(Map.entry(1, 0L), Map.entry(2, 5L));
        assertThat(c.assign(4, 3)).isTrue();
        assertThat(c.entries()).as("epoch 2 began at 5, past 4's start at 3: it goes").containsExactly(Map.entry(1, 0L), Map.entry(4, 3L));
        assertThat(c.latestEpoch()).isEqualTo(4);
        assertThat(c.startOffset(4)).isEqualTo(3);
        assertThat(c.startOffset(2)).isEqualTo(-1);
        assertThatThrownBy(() -> c.assign(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncationFromEitherEndKeepsWhatIsLeft() throws IOException {
        LeaderEpochCache c = cache(1, 0, 3, 10, 5, 20);
        c.truncateFromEnd(15);
        assertThat(c.entries()).containsExactly(Map.entry(1, 0L), Map.entry(3, 10L));
        c.truncateFromEnd(10);
        assertThat(c.entries()).containsExactly(Map.entry(1, 0L));
        LeaderEpochCache d = cache(1, 0, 3, 10, 5, 20);
        d.truncateFromStart(12);
        assertThat(d.entries()).as("the epoch the new start falls in begins there").containsExactly(Map.entry(3, 12L), Map.entry(5, 20L));
        d.truncateFromStart(5);
        assertThat(d.entries()).as("a start before the first entry changes nothing").containsExactly(Map.entry(3, 12L), Map.entry(5, 20L));
    }

    /**
     * KIP-101's fast double failover: follower B lags the leader A by one record (HW 1). A dies, B leads
     * epoch 1 from its end (offset 1) and takes a new record there; A returns as a follower. Truncating to
     * its HW would keep A's old record 1 and diverge; asking B where epoch 0 ended says 1, so A drops its
     * record 1 and then takes B's: both logs agree.
     */
    @Test
    void aReturningLeaderTruncatesWhereTheNewLeaderSaysItsEpochEndedNotToItsHighWatermark() throws IOException {
        LeaderEpochCache a = LeaderEpochCache.open(Files.createDirectories(dir.resolve("a")));
        LeaderEpochCache b = LeaderEpochCache.open(Files.createDirectories(dir.resolve("b")));
        a.assign(0, 0);
        b.assign(0, 0);
        long aEnd = 2; // A: records 0 and 1, epoch 0
        long bEnd = 1; // B: record 0 only
        b.assign(1, bEnd); // B becomes leader of epoch 1 at its log end, before serving
        bEnd = 2; // and appends a record of epoch 1 at offset 1
        EpochEnd answer = b.endOffsetFor(a.latestEpoch(), bEnd);
        assertThat(answer).isEqualTo(new EpochEnd(0, 1));
        long truncateTo = Math.min(answer.endOffset(), a.endOffsetFor(answer.epoch(), aEnd).endOffset());
        assertThat(truncateTo).isEqualTo(1);
        a.truncateFromEnd(truncateTo);
        a.assign(1, 1); // A appends B's record of epoch 1 at offset 1
        assertThat(a.entries()).isEqualTo(b.entries());
    }

    @Test
    void randomAssignsAndTruncationsKeepEpochsAndStartsStrictlyGrowingAndSurviveAReopen() {
        Tries.check("leader epoch cache stays monotonic", 200, 60, (seed, size) -> {
            Path d = Files.createDirectories(dir.resolve("run-" + seed + "-" + size));
            LeaderEpochCache c = LeaderEpochCache.open(d);
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < size; i++) {
                int pick = random.nextInt(10);
                if (pick < 7) {
                    c.assign(random.nextInt(20), random.nextLong(100));
                } else if (pick < 9) {
                    c.truncateFromEnd(random.nextLong(100));
                } else {
                    c.truncateFromStart(random.nextLong(100));
                }
                List<Map.Entry<Integer, Long>> entries = List.copyOf(c.entries().entrySet());
                for (int j = 1; j < entries.size(); j++) {
                    assertThat(entries.get(j).getKey()).isGreaterThan(entries.get(j - 1).getKey());
                    assertThat(entries.get(j).getValue()).isGreaterThanOrEqualTo(entries.get(j - 1).getValue());
                }
            }
            assertThat(LeaderEpochCache.open(d).entries()).isEqualTo(c.entries());
        });
    }

    @Test
    void aDamagedCheckpointIsRefusedNamingTheFileAndTheLine() throws IOException {
        cache(1, 0, 3, 10);
        Path file = dir.resolve(LeaderEpochCache.FILE);
        assertThat(Files.readString(file)).isEqualTo("0\n2\n1 0\n3 10\n");
        for (String bad : List.of("", "1\n0\n", "0\n3\n1 0\n3 10\n", "0\n2\n3 0\n1 10\n", "0\n2\n1 10\n3 0\n", "0\n1\n1\n",
            "0\n1\nx 0\n", "0\n1\n-2 0\n")) {
            Files.writeString(file, bad);
            assertThatThrownBy(() -> LeaderEpochCache.open(dir)).as("'%s'", bad).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
        }
    }
}
