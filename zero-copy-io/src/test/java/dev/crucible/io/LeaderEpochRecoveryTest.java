package dev.crucible.io;

import dev.crucible.testing.Tries;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader-epoch cache when a log opens: after a clean close it is what it was; after a crash it never
 * names an epoch whose batches were lost; a missing or damaged checkpoint is rebuilt from the batch headers
 * without touching a batch. A seeded property mixes appends of growing epochs (a leader's and a follower's),
 * new leaders, truncations, clean restarts, process crashes and power failures on a {@link SimDisk}, and
 * checks each time that the cache is what the stored batch headers say.
 */
class LeaderEpochRecoveryTest {
    private static final long START_MS = 1_700_000_000_000L;
    @TempDir
    Path tempDir;
    private final List<Stepped> opened = new ArrayList<>();

    @AfterEach
    void crashWhatIsLeft() {
        opened.forEach(s -> s.disk.processCrash()); // no channel stays open, whatever a test did
    }

    /**
     * One log on a writer without a thread, over a simulated disk: an append is written (and completes)
     * when this thread runs the writer's duty cycle; the forces of rolled segments wait in {@code flusher}.
     */
    private final class Stepped {
        final Path dir;
        final LogConfig config;
        final SimDisk disk = new SimDisk();
        final CachedEpochClock clock = new CachedEpochClock();
        final ArrayDeque<Runnable> flusher = new ArrayDeque<>();
        GroupCommitWriter writer;
        Log log;

        Stepped(Path dir, LogConfig config) throws IOException {
            this.dir = dir;
            this.config = config;
            clock.update(START_MS);
            opened.add(this);
            open(false, Log.ACTIVE_ONLY);
        }

        void open(boolean clean, long recoveryPoint) throws IOException {
            writer = GroupCommitWriter.stepped(new GroupCommitWriter.Settings("epochs", 64, 16, Long.MAX_VALUE / 4, clock)
                .withFiles(disk), flusher::addLast);
            log = Log.open(dir, config, writer, clean, recoveryPoint);
        }

        AppendRequest append(AppendRequest request) {
            assertThat(log.tryAppend(request)).isTrue();
            writer.doWork();
            assertThat(request.succeeded()).as("append: %s", request.error()).isTrue();
            clock.advance(1);
            return request;
        }

        /** Appends batches of {@code records} records each, stamped with {@code epoch} by the writer. */
        void lead(int epoch, int batches, int records) {
            for (int b = 0; b < batches; b++) {
                append(new AppendRequest().leaderEpoch(epoch).batches(batch(clock.time(), records)));
            }
        }

        /** Appends, as a follower, batches that a leader gave offsets from the log end and these epochs. */
        void follow(int... epochs) {
            long next = log.logEndOffset();
            ByteBuffer[] parts = new ByteBuffer[epochs.length];
            for (int i = 0; i < epochs.length; i++) {
                int records = 1 + i % 3;
                parts[i] = batch(clock.time(), records);
                parts[i].putLong(RecordBatch.BASE_OFFSET_OFFSET, next).putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, epochs[i]);
                next += records;
            }
            append(new AppendRequest().asFollower(true).batches(Batches.concat(parts)));
        }

        void cleanRestart() throws IOException {
            writer.close();
            while (!flusher.isEmpty()) {
                flusher.pollFirst().run(); // a clean stop lets the background forces finish
            }
            open(true, Long.MAX_VALUE);
        }

        /**
         * The process dies (every byte written stays in the page cache) and the log is reopened from the
         * recovery point its owner saved: not {@link Log#ACTIVE_ONLY}, which is for owners whose rolled
         * segments are forced on roll, and under {@code never} they may not be.
         */
        void processCrash() throws IOException {
            long point = log.recoveryPoint();
            flusher.clear();
            disk.processCrash();
            open(false, point);
        }

        /** The machine loses power: what was not forced may be lost or torn; reopened from the saved recovery point. */
        void powerFailure(Random random) throws IOException {
            long point = log.recoveryPoint();
            flusher.clear();
            disk.powerFailure(dir, random);
            open(false, point);
        }
    }

    private static ByteBuffer batch(long timestamp, int records) {
        String[] values = new String[records];
        for (int r = 0; r < records; r++) {
            values[r] = "t" + timestamp + "-" + r;
        }
        return Batches.batch(timestamp, values);
    }

    /**
     * The cache is what the stored batch headers say, and its checkpoint holds the same; only an epoch that
     * a new leader began and has no batch yet may sit at the log end. After an open there is none.
     */
    private static void agreesWithTheBatches(Log log, boolean justOpened) throws IOException {
        SortedMap<Integer, Long> entries = log.epochEntries();
        long end = log.logEndOffset();
        SortedMap<Integer, Long> belowEnd = new TreeMap<>();
        List<Map.Entry<Integer, Long>> atOrPastEnd = new ArrayList<>();
        entries.forEach((epoch, start) -> {
            if (start < end) {
                belowEnd.put(epoch, start);
            } else {
                atOrPastEnd.add(Map.entry(epoch, start));
            }
        });
        assertThat(belowEnd).as("cache against the batch headers, log end %d", end).isEqualTo(TestLogs.epochsOfBatches(log));
        if (justOpened) {
            assertThat(atOrPastEnd).as("after an open every epoch begins below the log end %d", end).isEmpty();
        } else {
            assertThat(atOrPastEnd).as("only a new leader's epoch, at the log end %d", end)
                .allSatisfy(e -> assertThat(e).isEqualTo(Map.entry(entries.lastKey(), end))).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(LeaderEpochCache.open(log.dir()).entries()).as("checkpoint against the cache").isEqualTo(entries);
    }

    /** The segments' data files by name and digest: the stored batches (an opened active segment's indexes grow). */
    private static Map<String, String> dataFiles(Path dir) {
        Map<String, String> files = new TreeMap<>(TestLogs.fingerprint(dir));
        files.keySet().removeIf(name -> !name.endsWith(LogFiles.LOG_SUFFIX));
        return files;
    }

    private static Path newestLogFile(Path dir) {
        return TestLogs.fingerprint(dir).keySet().stream().filter(n -> n.endsWith(LogFiles.LOG_SUFFIX)).reduce((a, b) -> b)
            .map(dir::resolve).orElseThrow();
    }

    @Test
    void aCleanRestartKeepsTheCache() throws Exception {
        Stepped s = new Stepped(tempDir.resolve("log"), LogConfig.DEFAULT.withSegmentBytes(1024));
        s.lead(1, 12, 2);
        s.follow(1, 3, 3);
        s.lead(5, 12, 1);
        SortedMap<Integer, Long> before = new TreeMap<>(s.log.epochEntries());
        assertThat(before).hasSize(3);

        s.cleanRestart();

        assertThat(s.log.epochEntries()).isEqualTo(before);
        agreesWithTheBatches(s.log, true);
    }

    @Test
    void aProcessCrashKeepsEveryEpochOfTheBatchesWritten() throws Exception {
        Stepped s = new Stepped(tempDir.resolve("log"), LogConfig.DEFAULT.withSegmentBytes(1024));
        s.lead(2, 10, 1);
        s.lead(4, 10, 1);
        s.follow(4, 6);
        SortedMap<Integer, Long> before = new TreeMap<>(s.log.epochEntries());

        s.processCrash();

        assertThat(s.log.epochEntries()).isEqualTo(before).containsOnlyKeys(2, 4, 6);
        agreesWithTheBatches(s.log, true);
    }

    @Test
    void epochsWhoseBatchesACrashLostAreDroppedOnOpen() throws Exception {
        Path dir = tempDir.resolve("log");
        Stepped s = new Stepped(dir, LogConfig.DEFAULT);
        s.lead(1, 10, 1);
        long keptBytes = Files.size(newestLogFile(dir));
        s.lead(2, 3, 2);
        s.log.assignLeaderEpoch(3);
        assertThat(s.log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(2, 10L), Map.entry(3, 16L));
        s.disk.processCrash();
        try (FileChannel channel = FileChannel.open(newestLogFile(dir), StandardOpenOption.WRITE)) {
            channel.truncate(keptBytes + RecordBatch.HEADER_SIZE + 5); // epoch 2's batches lost but for a torn piece
        }

        s.open(false, Log.ACTIVE_ONLY);

        assertThat(s.log.logEndOffset()).isEqualTo(10);
        assertThat(s.log.epochEntries()).containsExactly(Map.entry(1, 0L));
        agreesWithTheBatches(s.log, true);
        s.lead(3, 1, 1);
        assertThat(s.log.epochEntries()).containsExactly(Map.entry(1, 0L), Map.entry(3, 10L));
    }

    @Test
    void aDeletedCheckpointIsRebuiltFromTheBatchHeaders() throws Exception {
        Path dir = tempDir.resolve("log");
        Stepped s = new Stepped(dir, LogConfig.DEFAULT.withSegmentBytes(1024));
        s.lead(0, 15, 1);
        s.follow(0, 2, 2, 3);
        s.lead(7, 15, 1);
        String checkpoint = Files.readString(dir.resolve(LeaderEpochCache.FILE));
        SortedMap<Integer, Long> before = new TreeMap<>(s.log.epochEntries());
        s.writer.close();
        Map<String, String> segments = dataFiles(dir);
        Files.delete(dir.resolve(LeaderEpochCache.FILE)); // as a log written before the cache existed

        s.open(true, Long.MAX_VALUE);

        assertThat(s.log.epochEntries()).isEqualTo(before).containsOnlyKeys(0, 2, 3, 7);
        assertThat(Files.readString(dir.resolve(LeaderEpochCache.FILE))).as("written again").isEqualTo(checkpoint);
        assertThat(dataFiles(dir)).as("no stored batch changed").isEqualTo(segments);
        agreesWithTheBatches(s.log, true);
    }

    @Test
    void aDamagedCheckpointIsRebuiltAndNoBatchChanges() throws Exception {
        Path dir = tempDir.resolve("log");
        Path file = dir.resolve(LeaderEpochCache.FILE);
        Stepped s = new Stepped(dir, LogConfig.DEFAULT.withSegmentBytes(1024));
        s.lead(1, 10, 2);
        s.lead(3, 10, 1);
        s.follow(3, 4);
        String checkpoint = Files.readString(file);
        SortedMap<Integer, Long> before = new TreeMap<>(s.log.epochEntries());
        s.writer.close();
        Map<String, String> segments = dataFiles(dir);
        List<byte[]> damage = List.of(new byte[0], "garbage".getBytes(StandardCharsets.UTF_8),
            "0\n3\n1 0\n3 20\n".getBytes(StandardCharsets.UTF_8), "0\n2\n3 20\n1 0\n".getBytes(StandardCharsets.UTF_8),
            "1\n3\n1 0\n3 20\n4 30\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 10, (byte) 0xc3});
        boolean clean = true;
        for (byte[] bad : damage) {
            Files.write(file, bad);

            s.open(clean, clean ? Long.MAX_VALUE : Log.ACTIVE_ONLY);

            assertThat(s.log.epochEntries()).as("after '%s'", new String(bad, StandardCharsets.UTF_8)).isEqualTo(before);
            assertThat(Files.readString(file)).isEqualTo(checkpoint);
            assertThat(dataFiles(dir)).as("no stored batch changed").isEqualTo(segments);
            s.writer.close();
            clean = !clean;
        }
    }

    @Test
    void randomAppendsNewLeadersTruncationsAndRestartsKeepTheCacheWhatTheBatchHeadersSay() {
        Tries.check("leader epoch cache follows the batches", 300, 40, (seed, size) -> {
            Path dir = Files.createTempDirectory(shmOr(tempDir), "epochs-");
            try {
                run(new Random(seed), dir.resolve("log"), size);
            } finally {
                opened.forEach(s -> s.disk.processCrash());
                opened.clear();
                LogFiles.deleteRecursively(dir);
            }
        });
    }

    /**
     * A seeded history of {@code steps} steps, epochs never going back; the cache is checked after each. A
     * failure lists the steps taken.
     */
    private void run(Random random, Path dir, int steps) throws IOException {
        FlushPolicy policy = FlushPolicy.values()[random.nextInt(FlushPolicy.values().length)];
        Stepped s = new Stepped(dir, LogConfig.DEFAULT.withFlushPolicy(policy).withSegmentBytes(1024 + random.nextInt(2048))
            .withIndexIntervalBytes(random.nextInt(300)));
        List<String> trace = new ArrayList<>();
        int epoch = random.nextInt(3) - 1;
        try {
            for (int step = 0; step < steps; step++) {
                int pick = random.nextInt(100);
                boolean reopened = false;
                if (pick < 35) {
                    int batches = 1 + random.nextInt(3);
                    s.lead(epoch, batches, 1 + random.nextInt(3));
                    trace.add("lead " + batches + " batches of epoch " + epoch);
                } else if (pick < 50) {
                    int[] epochs = new int[1 + random.nextInt(4)];
                    for (int i = 0; i < epochs.length; i++) {
                        epoch += random.nextInt(4) == 0 ? 1 : 0;
                        epochs[i] = epoch;
                    }
                    s.follow(epochs);
                    trace.add("follow batches of epochs " + Arrays.toString(epochs));
                } else if (pick < 62) {
                    epoch = Math.max(epoch, 0) + 1 + random.nextInt(2);
                    if (random.nextBoolean()) {
                        assertThat(s.log.assignLeaderEpoch(epoch)).isEqualTo(s.log.logEndOffset());
                        trace.add("new leader of epoch " + epoch);
                    } else {
                        trace.add("next epoch " + epoch);
                    }
                } else if (pick < 74) {
                    long start = s.log.logStartOffset();
                    long target = start + (long) (random.nextDouble() * (s.log.logEndOffset() - start + 1));
                    trace.add("truncate to " + target + ": end " + s.log.truncateTo(target));
                } else if (pick < 80) {
                    s.flusher.forEach(Runnable::run);
                    s.flusher.clear();
                    trace.add("flusher");
                } else if (pick < 88) {
                    s.cleanRestart();
                    reopened = true;
                    trace.add("clean restart");
                } else if (pick < 94) {
                    s.processCrash();
                    reopened = true;
                    trace.add("process crash");
                } else {
                    s.powerFailure(random);
                    reopened = true;
                    trace.add("power failure");
                }
                trace.set(trace.size() - 1, trace.get(trace.size() - 1) + " -> end " + s.log.logEndOffset() + ", cache "
                    + s.log.epochEntries());
                agreesWithTheBatches(s.log, reopened);
            }
            s.cleanRestart();
            agreesWithTheBatches(s.log, true);
            s.writer.close();
        } catch (AssertionError | IOException | RuntimeException e) {
            throw new AssertionError(policy + " log, steps:\n  " + String.join("\n  ", trace) + "\n" + e, e);
        }
    }

    /** {@code /dev/shm} where the machine has it (the checkpoint is forced for real on every change), else {@code fallback}. */
    private static Path shmOr(Path fallback) {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : fallback;
    }
}
