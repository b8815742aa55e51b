package dev.crucible.io;

import io.netty.channel.FileRegion;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Segments closed or deleted while readers use them: a read after close is refused without touching
 * the unmapped indexes, a file region made before a deletion still sends its bytes, and readers racing
 * retention with no delete delay only ever see whole batches or an out-of-range answer. Before the
 * segments were reference counted, each of these read freed memory (a SIGSEGV of the JVM).
 */
class SegmentLifetimeTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    /** Segments of 2 KiB with an index entry every batch, so every read goes through the mapped index. */
    private static LogConfig indexed() {
        return LogConfig.DEFAULT.withSegmentBytes(2048).withIndexIntervalBytes(0).withFileDeleteDelayMs(0);
    }

    @Test
    void aReadOfAClosedLogIsRefusedAndItsSliceCannotBeSent() throws Exception {
        clock.update(1_000);
        Log log = Log.open(dir, indexed(), writer);
        for (int i = 0; i < 50; i++) {
            log.appendAsync(Batches.batch(clock.time(), "v" + i)).get();
        }
        FetchSlice slice = new FetchSlice();
        log.read(10, 100, slice);
        assertThat(slice.isEmpty()).isFalse();
        log.close();
        assertThat(log.isClosed()).isTrue();
        assertThatThrownBy(() -> log.read(10, 100, new FetchSlice())).isInstanceOf(LogClosedException.class);
        assertThatThrownBy(slice::toFileRegion).isInstanceOf(LogClosedException.class);
        // a background force of a rolled segment holds it (and its channel) open a little longer: closing the
        // writer waits for those forces, after which the slice's channel is closed for sure
        writer.close();
        assertThatThrownBy(() -> slice.copyTo(ByteBuffer.allocate(slice.length()))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> log.offsetForTimestamp(0)).isInstanceOf(LogClosedException.class);
    }

    @Test
    void aRegionMadeBeforeRetentionDeletesItsSegmentStillSendsItsBytes() throws Exception {
        clock.update(1_000);
        // segments forced as they roll, so the background flusher holds none of them when the region is released
        LogConfig config = indexed().withRetentionBytes(2048).withFlushPolicy(FlushPolicy.INTERVAL);
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < 100; i++) {
                log.appendAsync(Batches.batch(clock.time(), "v" + i)).get();
            }
            FetchSlice slice = new FetchSlice();
            log.read(0, 1 << 20, slice);
            ByteBuffer expected = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
            FileRegion region = slice.toFileRegion();
            assertThat(writer.enforceRetentionNow()).isPositive();
            assertThat(log.logStartOffset()).isPositive();
            assertThat(deletedFiles()).as("the deleted segment stays while the region holds it").isNotEmpty();

            Path copy = dir.resolveSibling("copy-" + System.nanoTime());
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (region.transferred() < region.count()) {
                    region.transferTo(out, region.transferred());
                }
            }
            assertThat(ByteBuffer.wrap(Files.readAllBytes(copy))).isEqualTo(expected);
            assertThat(region.release()).isTrue();
            // the segment held by the region goes now; others retention removed go on the writer's thread
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!deletedFiles().isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertThat(deletedFiles()).as("released: the files are gone").isEmpty();
            Files.delete(copy);
        }
    }

    private List<Path> deletedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(LogFiles.DELETED_SUFFIX)).toList();
        }
    }

    @Test
    void readersRacingRetentionWithoutDeleteDelaySeeWholeBatchesOrOutOfRange() throws Exception {
        clock.update(1_000);
        LogConfig config = indexed().withRetentionBytes(4096);
        try (Log log = Log.open(dir, config, writer)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong reads = new AtomicLong();
            Thread[] readers = new Thread[2];
            for (int r = 0; r < readers.length; r++) {
                readers[r] = new Thread(() -> {
                    FetchSlice slice = new FetchSlice();
                    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                    while (!stop.get() && failure.get() == null) {
                        try {
                            log.read(log.logStartOffset(), 4096, slice);
                            if (!slice.isEmpty()) {
                                buffer.clear();
                                slice.copyTo(buffer).flip();
                                assertThat(Batches.decode(buffer)).isNotEmpty(); // decode checks every CRC
                            }
                            reads.incrementAndGet();
                        } catch (OffsetOutOfRangeException | IOException e) {
                            // the segment went between the start offset and the read: allowed
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    }
                });
                readers[r].start();
            }
            for (int i = 0; i < 2_000 && failure.get() == null; i++) {
                log.appendAsync(Batches.batch(clock.time(), "value-" + i)).get();
                if (i % 20 == 0) {
                    writer.enforceRetentionNow();
                }
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(reads.get()).isPositive();
            assertThat(TestLogs.readAll(log, log.logStartOffset(), 4096)).last().isEqualTo("1999:value-1999");
        }
    }
}
