package dev.crucible.broker.producer;

import dev.crucible.io.LogFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A partition's producer state as it was when the log ended at some offset, so a restart reads only
 * the batch headers after it instead of the whole log (Kafka keeps {@code <offset>.snapshot} files in
 * the partition directory for the same reason). Written when a segment rolls and when the log closes
 * cleanly. Big-endian:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic        0x43505353 ("CPSS")
 *      4     2  version      1
 *      6     8  endOffset    the state covers every batch below this offset (it may hold some above)
 *     14     4  producers    count of the entries that follow
 *     18     -  entries      producerId int64, epoch int16, batches int8, then per batch, oldest first:
 *                            firstSeq int32, lastSeq int32, firstOffset int64, lastOffset int64,
 *                            maxTimestamp int64
 *      -     4  crc          CRC32C of every byte before it
 * </pre>
 *
 * Replaced whole (temp file, rename); not forced: a snapshot lost to a power cut only means a longer
 * scan. A file that fails any check is ignored and removed, never half read.
 */
final class ProducerSnapshotFile {
    static final String SUFFIX = ".snapshot";
    static final int MAGIC = 0x43505353;
    static final short VERSION = 1;
    /** Snapshots kept per partition: the newest, and the one before in case the newest is past a truncation. */
    static final int KEEP = 2;
    private static final int HEADER = 18;
    private static final int BATCH = 4 + 4 + 8 + 8 + 8;

    private ProducerSnapshotFile() {
    }

    /** A snapshot read back: the table and the offset it covers. */
    record Loaded(ProducerStateTable table, long endOffset) {
    }

    static Path file(Path dir, long endOffset) {
        return LogFiles.file(dir, endOffset, SUFFIX);
    }

    static void write(Path dir, long endOffset, ProducerStateTable table) throws IOException {
        List<ProducerState> states = table.states();
        int size = HEADER + 4;
        for (ProducerState state : states) {
            size += 8 + 2 + 1 + state.batchCount() * BATCH;
        }
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        buf.putInt(MAGIC).putShort(VERSION).putLong(endOffset).putInt(states.size());
        for (ProducerState state : states) {
            buf.putLong(state.producerId()).putShort(state.epoch()).put((byte) state.batchCount());
            for (int age = state.batchCount() - 1; age >= 0; age--) {
                int slot = state.slotOfAge(age);
                buf.putInt(state.firstSequenceAt(slot)).putInt(state.lastSequenceAt(slot))
                    .putLong(state.firstOffsetAt(slot)).putLong(state.lastOffsetAt(slot)).putLong(state.maxTimestampAt(slot));
            }
        }
        buf.putInt(crcOf(buf.array(), buf.position()));
        Path target = file(dir, endOffset);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, buf.array());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        removeAllBut(dir, KEEP);
    }

    /**
     * The newest valid snapshot at or below {@code logEndOffset}, or null. Snapshots past the end (the
     * log was cut back after they were written) and damaged ones are removed.
     */
    static Loaded newest(Path dir, long logEndOffset, long nowMs) throws IOException {
        List<Long> offsets = offsets(dir);
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long end = offsets.get(i);
            Path f = file(dir, end);
            if (end <= logEndOffset) {
                ProducerStateTable table = read(f, end, nowMs);
                if (table != null) {
                    return new Loaded(table, end);
                }
            }
            Files.deleteIfExists(f);
        }
        return null;
    }

    private static ProducerStateTable read(Path f, long end, long nowMs) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (bytes.length < HEADER + 4 || buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION || buf.getLong(6) != end
            || buf.getInt(bytes.length - 4) != crcOf(bytes, bytes.length - 4)) {
            return null;
        }
        try {
            ProducerStateTable table = new ProducerStateTable();
            buf.position(HEADER).limit(bytes.length - 4);
            int producers = buf.getInt(14);
            for (int p = 0; p < producers; p++) {
                ProducerState state = table.getOrCreate(buf.getLong());
                short epoch = buf.getShort();
                int batches = buf.get();
                for (int b = 0; b < batches; b++) {
                    state.record(epoch, buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong(), nowMs);
                }
            }
            return buf.hasRemaining() ? null : table;
        } catch (RuntimeException e) { // counts that do not fit the bytes: treated as damaged
            return null;
        }
    }

    private static List<Long> offsets(Path dir) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                long offset = LogFiles.baseOffsetOf(f.getFileName().toString(), SUFFIX);
                if (offset >= 0) {
                    offsets.add(offset);
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }

    private static void removeAllBut(Path dir, int keep) throws IOException {
        List<Long> offsets = offsets(dir);
        for (int i = 0; i < offsets.size() - keep; i++) {
            Files.deleteIfExists(file(dir, offsets.get(i)));
        }
    }

    private static int crcOf(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
