package dev.crucible.io;

import dev.crucible.testing.Tries;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sparse indexes' binary searches agree with a linear scan over the same entries, for random
 * entry sets (empty, one, many), random targets on and around them, and after the index was trimmed,
 * cut to a prefix (what truncation and recovery keep) and reopened read-only or writable.
 */
class IndexSearchPropertiesTest {
    private static final int MAX_INDEX_BYTES = 64 * 1024;

    /** Entries of an offset index: relative offsets and positions both strictly increasing. */
    record Entries(long baseOffset, int[] relativeOffsets, int[] positions) {
        int size() {
            return relativeOffsets.length;
        }

        Entries prefix(int n) {
            return new Entries(baseOffset, Arrays.copyOf(relativeOffsets, n), Arrays.copyOf(positions, n));
        }

        /** The linear-scan oracle of {@link OffsetIndex#lookup}. */
        int lookup(long target, int positionLimit) {
            int found = 0;
            for (int i = 0; i < size(); i++) {
                if (baseOffset + relativeOffsets[i] <= target && positions[i] < positionLimit) {
                    found = positions[i];
                }
            }
            return found;
        }

        /** The linear-scan oracle of {@link OffsetIndex#floorPosition}. */
        int floorPosition(int position, int floor) {
            int best = floor;
            for (int p : positions) {
                if (p <= position) {
                    best = Math.max(best, p);
                }
            }
            return best;
        }
    }

    /** Up to {@code maxEntries} entries at random gaps from a random base offset. */
    static Entries offsetEntries(SplittableRandom random, int maxEntries) {
        long base = random.nextLong(1L << 40);
        int n = random.nextInt(maxEntries + 1);
        int[] offsets = new int[n];
        int[] positions = new int[n];
        int offset = 0;
        int position = 0;
        for (int i = 0; i < n; i++) {
            offset += 1 + random.nextInt(500);
            position += 1 + random.nextInt(5_000);
            offsets[i] = offset;
            positions[i] = position;
        }
        return new Entries(base, offsets, positions);
    }

    @Test
    void offsetLookupsAgreeWithALinearScan() {
        Tries.check("offset index lookups", 200, 200, (seed, size) -> {
            SplittableRandom random = new SplittableRandom(seed);
            offsetLookups(offsetEntries(random, size), random.nextInt(101), -20 + random.nextLong(120_021));
        });
    }

    private static void offsetLookups(Entries entries, int keptPercent, long seedTarget) throws IOException {
        Path dir = Files.createTempDirectory("index-props");
        try {
            Path file = dir.resolve("index");
            writeAndClose(file, entries);
            checkOffsetIndex(file, entries, MappedIndex.Mode.READ_ONLY, seedTarget);
            Entries kept = entries.prefix(entries.size() * keptPercent / 100);
            cutTo(file, kept.size() * OffsetIndex.ENTRY_SIZE);
            checkOffsetIndex(file, kept, MappedIndex.Mode.READ_ONLY, seedTarget);
            checkOffsetIndex(file, kept, MappedIndex.Mode.REOPEN, seedTarget);
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    private static void writeAndClose(Path file, Entries entries) {
        try (OffsetIndex index = new OffsetIndex(file, entries.baseOffset(), MAX_INDEX_BYTES, MappedIndex.Mode.CREATE)) {
            for (int i = 0; i < entries.size(); i++) {
                index.append(entries.baseOffset() + entries.relativeOffsets()[i], entries.positions()[i]);
            }
        }
    }

    private static void cutTo(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(bytes);
        }
    }

    /** Every entry, its neighbours, before the first, past the last, and a few more, with and without a position limit. */
    private static void checkOffsetIndex(Path file, Entries entries, MappedIndex.Mode mode, long extra) {
        try (OffsetIndex index = new OffsetIndex(file, entries.baseOffset(), MAX_INDEX_BYTES, mode)) {
            assertThat(index.entries()).isEqualTo(entries.size());
            assertThat(index.lastOffset()).isEqualTo(entries.size() == 0 ? -1
                : entries.baseOffset() + entries.relativeOffsets()[entries.size() - 1]);
            List<Long> targets = new ArrayList<>(List.of(Long.MIN_VALUE / 2, entries.baseOffset() - 1, entries.baseOffset(),
                entries.baseOffset() + extra, Long.MAX_VALUE));
            for (int i = 0; i < entries.size(); i++) {
                long at = entries.baseOffset() + entries.relativeOffsets()[i];
                targets.addAll(List.of(at - 1, at, at + 1));
            }
            int lastPosition = entries.size() == 0 ? 0 : entries.positions()[entries.size() - 1];
            int[] limits = {Integer.MAX_VALUE, 0, 1, lastPosition, lastPosition + 1, (int) Math.floorMod(extra, lastPosition + 2L)};
            for (long target : targets) {
                for (int limit : limits) {
                    assertThat(index.lookup(target, limit)).as("lookup(%d, %d) in %s", target, limit, mode)
                        .isEqualTo(entries.lookup(target, limit));
                }
            }
            for (int position : new int[] {0, 1, lastPosition, lastPosition + 1, (int) Math.floorMod(extra, lastPosition + 2L)}) {
                assertThat(index.floorPosition(position, 0)).as("floorPosition(%d)", position)
                    .isEqualTo(entries.floorPosition(position, 0));
            }
        }
    }

    /** Entries of a time index: timestamps strictly increasing, offsets never decreasing. */
    record TimeEntries(long baseOffset, long[] timestamps, int[] relativeOffsets) {
        int size() {
            return timestamps.length;
        }

        /** The linear-scan oracle of {@link TimeIndex#startOffsetFor}. */
        long startOffsetFor(long target) {
            long found = baseOffset;
            for (int i = 0; i < size(); i++) {
                if (timestamps[i] < target) {
                    found = baseOffset + relativeOffsets[i];
                }
            }
            return found;
        }
    }

    /** Up to {@code maxEntries} entries: timestamps strictly increasing, offsets never decreasing. */
    static TimeEntries timeEntries(SplittableRandom random, int maxEntries) {
        int n = random.nextInt(maxEntries + 1);
        long[] timestamps = new long[n];
        int[] offsets = new int[n];
        long t = -1 + random.nextLong(1L << 42);
        int offset = 0;
        for (int i = 0; i < n; i++) {
            t += 1 + random.nextInt(10_000);
            offset += random.nextInt(301);
            timestamps[i] = t;
            offsets[i] = offset;
        }
        return new TimeEntries(1_000, timestamps, offsets);
    }

    @Test
    void timeLookupsAgreeWithALinearScan() {
        Tries.check("time index lookups", 200, 200, (seed, size) -> {
            SplittableRandom random = new SplittableRandom(seed);
            timeLookups(timeEntries(random, size), random.nextInt(101));
        });
    }

    private static void timeLookups(TimeEntries entries, int keptPercent) throws IOException {
        Path dir = Files.createTempDirectory("time-index-props");
        try {
            Path file = dir.resolve("timeindex");
            try (TimeIndex index = new TimeIndex(file, entries.baseOffset(), MAX_INDEX_BYTES, MappedIndex.Mode.CREATE)) {
                for (int i = 0; i < entries.size(); i++) {
                    index.maybeAppend(entries.timestamps()[i], entries.baseOffset() + entries.relativeOffsets()[i]);
                }
            }
            checkTimeIndex(file, entries);
            int kept = entries.size() * keptPercent / 100;
            cutTo(file, (long) kept * TimeIndex.ENTRY_SIZE);
            checkTimeIndex(file, new TimeEntries(entries.baseOffset(), Arrays.copyOf(entries.timestamps(), kept),
                Arrays.copyOf(entries.relativeOffsets(), kept)));
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    private static void checkTimeIndex(Path file, TimeEntries entries) {
        try (TimeIndex index = new TimeIndex(file, entries.baseOffset(), MAX_INDEX_BYTES, MappedIndex.Mode.READ_ONLY)) {
            assertThat(index.entries()).isEqualTo(entries.size());
            int n = entries.size();
            assertThat(index.lastTimestamp()).isEqualTo(n == 0 ? -1 : entries.timestamps()[n - 1]);
            assertThat(index.lastOffset()).isEqualTo(entries.baseOffset() + (n == 0 ? 0 : entries.relativeOffsets()[n - 1]));
            List<Long> targets = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE));
            for (long t : entries.timestamps()) {
                targets.addAll(List.of(t - 1, t, t + 1));
            }
            for (long target : targets) {
                assertThat(index.startOffsetFor(target)).as("startOffsetFor(%d)", target).isEqualTo(entries.startOffsetFor(target));
            }
        }
    }
}
