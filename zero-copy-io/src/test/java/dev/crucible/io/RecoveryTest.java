package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTest {
    @TempDir
    Path dir;
    @TempDir
    Path scratch;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);
    private final LogConfig config = LogConfig.DEFAULT.withIndexIntervalBytes(64).withSegmentBytes(8 * 1024);

    @AfterEach
    void stop() {
        writer.close();
    }

    /** Writes records "v0".."v(n-1)", one per batch, and returns the byte position where each batch ends. */
    private List<Long> writeLog(int batches) throws Exception {
        List<Long> ends = new ArrayList<>();
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < batches; i++) {
                log.appendAsync(Batches.batch(1000 + i, "v" + i)).get();
                long[] bases = log.segmentBaseOffsets();
                ends.add(Files.size(LogFiles.file(dir, bases[bases.length - 1], LogFiles.LOG_SUFFIX)));
            }
        }
        return ends;
    }

    private static List<String> expected(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i + ":v" + i);
        }
        return out;
    }

    private Path activeLogFile(Path logDir) throws IOException {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void truncationAtEveryBytePositionOfTheLastBatchesRecoversTheWholeBatchesBeforeIt() throws Exception {
        List<Long> ends = writeLog(120);
        Path active = activeLogFile(dir);
        long activeBase = LogFiles.baseOffsetOf(active.getFileName().toString(), LogFiles.LOG_SUFFIX);
        long fullSize = Files.size(active);
        long from = ends.get(ends.size() - 4);
        assertThat(from).isPositive();
        for (long cut = from; cut <= fullSize; cut++) {
            Path copy = Files.createDirectories(scratch.resolve("cut-" + cut));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (FileChannel channel = FileChannel.open(copy.resolve(active.getFileName()), StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int wholeBatches = (int) activeBase;
            for (int i = (int) activeBase; i < ends.size(); i++) {
                if (ends.get(i) <= cut) {
                    wholeBatches = i + 1;
                }
            }
            try (Log log = Log.open(copy, config, writer)) {
                assertThat(log.logEndOffset()).as("cut at %d", cut).isEqualTo(wholeBatches);
                assertThat(TestLogs.readAll(log, 0, 4096)).containsExactlyElementsOf(expected(wholeBatches));
                assertThat(log.appendAsync(Batches.batch(1, "next")).get().baseOffset()).isEqualTo(wholeBatches);
            }
            deleteTree(copy);
        }
    }

    @Test
    void corruptByteInTheLastBatchTruncatesItAndKeepsTheRest() throws Exception {
        List<Long> ends = writeLog(30);
        Path active = activeLogFile(dir);
        long lastStart = ends.get(ends.size() - 2);
        try (FileChannel channel = FileChannel.open(active, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = lastStart + RecordBatch.HEADER_SIZE + 3;
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            channel.write(one, at);
        }
        try (Log log = Log.open(dir, config, writer)) {
            assertThat(log.logEndOffset()).isEqualTo(29);
            assertThat(Files.size(active)).isEqualTo(lastStart);
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactlyElementsOf(expected(29));
        }
    }

    @Test
    void zeroFilledTailIsCutOff() throws Exception {
        writeLog(10);
        Path active = activeLogFile(dir);
        long size = Files.size(active);
        try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4096), size);
        }
        try (Log log = Log.open(dir, config, writer)) {
            assertThat(log.logEndOffset()).isEqualTo(10);
            assertThat(Files.size(active)).isEqualTo(size);
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactlyElementsOf(expected(10));
        }
    }

    @Test
    void missingOrDamagedIndexesOfOlderSegmentsAreRebuilt() throws Exception {
        writeLog(400);
        long[] bases;
        List<Long> seen = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".log"))
                .forEach(p -> seen.add(LogFiles.baseOffsetOf(p.getFileName().toString(), LogFiles.LOG_SUFFIX)));
        }
        bases = seen.stream().sorted().mapToLong(Long::longValue).toArray();
        assertThat(bases.length).isGreaterThanOrEqualTo(3);
        Path firstIndex = LogFiles.file(dir, bases[0], LogFiles.INDEX_SUFFIX);
        Path firstTimeIndex = LogFiles.file(dir, bases[0], LogFiles.TIME_INDEX_SUFFIX);
        byte[] goodIndex = Files.readAllBytes(firstIndex);
        byte[] goodTimeIndex = Files.readAllBytes(firstTimeIndex);
        assertThat(goodIndex.length).isPositive();
        Files.delete(firstIndex);
        Path secondIndex = LogFiles.file(dir, bases[1], LogFiles.INDEX_SUFFIX);
        byte[] goodSecond = Files.readAllBytes(secondIndex);
        byte[] damaged = goodSecond.clone();
        damaged[damaged.length - 1] = (byte) 0xff;
        damaged[damaged.length - 2] = (byte) 0x7f;
        Files.write(secondIndex, damaged);
        Files.write(firstTimeIndex, new byte[] {1, 2, 3});

        try (Log log = Log.open(dir, config, writer)) {
            assertThat(log.logEndOffset()).isEqualTo(400);
            assertThat(TestLogs.readAll(log, 0, 4096)).containsExactlyElementsOf(expected(400));
            for (long offset = 0; offset < 400; offset += 13) {
                assertThat(TestLogs.readAll(log, offset, 100).get(0)).isEqualTo(offset + ":v" + offset);
            }
        }
        assertThat(Files.readAllBytes(firstIndex)).as("rebuilt byte for byte").isEqualTo(goodIndex);
        assertThat(Files.readAllBytes(secondIndex)).isEqualTo(goodSecond);
        assertThat(Files.readAllBytes(firstTimeIndex)).isEqualTo(goodTimeIndex);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
    }
}
