package dev.crucible.chaos.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crucible.chaos.cluster.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The truncate and bitflip faults on real segment files (written with kafka-clients' own record classes). */
class DiskNemesisTest {
    @TempDir
    Path data;

    /** Writes batches of {@code sizes[i]} records each, one after another, as partition {@code key}'s segment. */
    private Path segment(long key, int... sizes) throws IOException {
        Path dir = Files.createDirectories(data.resolve("t-" + key));
        Path file = dir.resolve("00000000000000000000.log");
        List<ByteBuffer> parts = new ArrayList<>();
        long offset = 0;
        for (int n : sizes) {
            SimpleRecord[] records = new SimpleRecord[n];
            for (int i = 0; i < n; i++) {
                records[i] = new SimpleRecord(("value-" + (offset + i)).getBytes());
            }
            parts.add(MemoryRecords.withRecords(offset, Compression.NONE, records).buffer());
            offset += n;
        }
        int total = parts.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        Files.write(file, all.array());
        return file;
    }

    @Test
    void segmentTailReadsEveryBatchAndStopsAtATornOne() throws IOException {
        Path file = segment(0, 3, 1, 5);
        List<SegmentTail.Batch> batches = SegmentTail.batches(file);
        assertEquals(3, batches.size());
        assertEquals(List.of(0L, 3L, 4L), batches.stream().map(SegmentTail.Batch::baseOffset).toList());
        assertEquals(List.of(2L, 3L, 8L), batches.stream().map(SegmentTail.Batch::lastOffset).toList());
        assertEquals(Files.size(file), batches.get(2).end());
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(batches.get(2).end() - 1);
        }
        assertEquals(2, SegmentTail.batches(file).size(), "a torn last batch is not a batch");
        assertEquals(Optional.of(file), SegmentTail.newestSegment(file.getParent()));
    }

    @Test
    void truncateCutsInsideOneOfTheLastBatchesAndRecordsWhatIsLost() throws Exception {
        Path file = segment(2, 2, 2, 2, 2);
        FakeNode node = new FakeNode(data);
        DiskDamage damage = new DiskDamage();
        DiskNemesis nemesis = new DiskNemesis("truncate", List.of(node), "t", damage, null, Duration.ofSeconds(1));
        long before = Files.size(file);
        Nemesis.ActiveFault fault = nemesis.start(new Random(3), Map.of());
        assertEquals(1, node.kills, "the node is stopped before its disk is touched");
        assertFalse(node.alive());
        long after = Files.size(file);
        assertTrue(after < before, "file cut: " + before + " -> " + after);
        DiskDamage.Range r = damage.ranges().get(0);
        assertEquals(2, r.key());
        assertEquals(8, r.to(), "everything to the log end is lost with the cut batch");
        List<SegmentTail.Batch> kept = SegmentTail.batches(file);
        long keptEnd = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).lastOffset() + 1;
        assertEquals(r.from(), keptEnd, "the range starts at the first batch no longer whole");
        assertTrue(fault.probe().contains("cut from " + before + " to " + after), fault.probe());
        fault.heal();
        assertTrue(node.alive(), "healing starts the node again");
    }

    @Test
    void bitflipBreaksTheCrcOfExactlyOneBatch() throws Exception {
        Path file = segment(0, 4, 4, 4);
        segment(1, 1);
        FakeNode node = new FakeNode(data);
        DiskDamage damage = new DiskDamage();
        DiskNemesis nemesis = new DiskNemesis("bitflip", List.of(node), "t", damage, null, Duration.ofSeconds(1));
        long size = Files.size(file);
        nemesis.start(new Random(11), Map.of("key", 0L, "nodes", List.of("n0")));
        assertEquals(size, Files.size(file), "a flip changes no size");
        List<Boolean> valid = new ArrayList<>();
        try (FileRecords records = FileRecords.open(file.toFile())) {
            for (RecordBatch b : records.batches()) {
                valid.add(b.isValid());
            }
        }
        assertEquals(1, valid.stream().filter(v -> !v).count(), "one batch fails its CRC: " + valid);
        DiskDamage.Range r = damage.ranges().get(0);
        assertEquals(4L * valid.indexOf(false), r.from());
        assertEquals(12, r.to());
    }

    @Test
    void fillWithoutADiskOfItsOwnIsRefused() {
        DiskNemesis nemesis = new DiskNemesis("fill", List.of(new FakeNode(data)), "t", new DiskDamage(), null,
                Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, () -> nemesis.start(new Random(1), Map.of()));
    }

    @Test
    void nothingWrittenYetIsSaidAndHealed() throws Exception {
        FakeNode node = new FakeNode(data);
        DiskDamage damage = new DiskDamage();
        Nemesis.ActiveFault f = new DiskNemesis("disk", List.of(node), "t", damage, null, Duration.ofSeconds(1))
                .start(new Random(1), Map.of());
        assertTrue(f.description().contains("nothing written yet"), f.description());
        assertTrue(damage.ranges().isEmpty());
        f.heal();
        assertTrue(node.alive());
    }

    /** A node that only pretends to run: kill and restart flip a flag. */
    static final class FakeNode implements Node {
        private final Path dataDir;
        private boolean alive = true;
        int kills;

        FakeNode(Path dataDir) {
            this.dataDir = dataDir;
        }

        @Override
        public int index() {
            return 0;
        }

        @Override
        public Optional<Long> pid() {
            return alive ? Optional.of(1L) : Optional.empty();
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public void kill() {
            kills++;
            alive = false;
        }

        @Override
        public void relaunch() {
            alive = true;
        }

        @Override
        public void awaitAnswer(Duration timeout) {}

        @Override
        public void pause() {}

        @Override
        public void resume() {}

        @Override
        public String listenAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public Path dataDir() {
            return dataDir;
        }

        @Override
        public Path outputFile() {
            return dataDir.resolve("out");
        }
    }
}
