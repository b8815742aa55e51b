package dev.crucible.chaos.nemesis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The record batches at the end of a partition's newest segment file, as Kafka's log format lays
 * them out (both Apache Kafka and broker-ref): base offset (8 bytes), batch length (4), leader epoch
 * (4), magic (1), CRC-32C (4) covering everything from the attributes at byte 21 to the batch's end,
 * then last offset delta (4). Only headers are read; a torn last batch ends the walk.
 */
final class SegmentTail {
    /** Where the CRC's coverage starts within a batch (the attributes field). */
    static final int CRC_COVERED_FROM = 21;
    private static final int HEADER = 27;
    private static final int MIN_BATCH = 61;

    /** One batch: where it sits in the file and the offsets it holds. */
    record Batch(long position, int size, long baseOffset, long lastOffset) {
        long end() {
            return position + size;
        }
    }

    private SegmentTail() {}

    /** The newest segment ({@code <20-digit base offset>.log}) of a partition directory, if any. */
    static Optional<Path> newestSegment(Path partitionDir) throws IOException {
        if (!Files.isDirectory(partitionDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log"))
                    .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        }
    }

    /** Every whole batch of the segment, in file order. */
    static List<Batch> batches(Path segment) throws IOException {
        List<Batch> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            long at = 0;
            while (at + HEADER <= size) {
                header.clear();
                while (header.hasRemaining()) {
                    if (ch.read(header, at + header.position()) < 0) {
                        return out;
                    }
                }
                long base = header.getLong(0);
                int length = header.getInt(8);
                long total = 12L + length;
                if (total < MIN_BATCH || at + total > size) {
                    break;
                }
                out.add(new Batch(at, (int) total, base, base + header.getInt(23)));
                at += total;
            }
        }
        return out;
    }
}
