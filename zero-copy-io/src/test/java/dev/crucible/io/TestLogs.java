package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Helpers shared by the log tests: reading a whole log back, fingerprints of a directory. */
final class TestLogs {
    private TestLogs() {
    }

    static GroupCommitWriter writer(CachedEpochClock clock) {
        return GroupCommitWriter.start(GroupCommitWriter.Settings.DEFAULT.withClock(clock)
            .withRetentionCheckIntervalMs(Long.MAX_VALUE / 4));
    }

    /** Every record from {@code from} to the end, as "offset:value", read through the zero-copy path. */
    static List<String> readAll(Log log, long from, int maxBytes) throws IOException {
        List<String> out = new ArrayList<>();
        FetchSlice slice = new FetchSlice();
        long next = from;
        while (next < log.logEndOffset()) {
            log.read(next, maxBytes, slice);
            if (slice.isEmpty()) {
                throw new AssertionError("empty read at " + next + " below the end " + log.logEndOffset());
            }
            ByteBuffer bytes = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
            for (String record : Batches.decode(bytes)) {
                long offset = Long.parseLong(record.substring(0, record.indexOf(':')));
                if (offset >= next) {
                    out.add(record);
                }
            }
            if (slice.nextOffset() <= next) {
                throw new AssertionError("read at " + next + " did not advance");
            }
            next = slice.nextOffset();
        }
        return out;
    }

    /** The stored bytes of every batch from the one holding {@code from} to the end, read through the zero-copy path. */
    static ByteBuffer storedBatches(Log log, long from) throws IOException {
        List<ByteBuffer> parts = new ArrayList<>();
        FetchSlice slice = new FetchSlice();
        long next = from;
        while (next < log.logEndOffset()) {
            log.read(next, 1 << 20, slice);
            if (slice.isEmpty() || slice.nextOffset() <= next) {
                throw new AssertionError("read at " + next + " below the end " + log.logEndOffset() + " did not advance");
            }
            parts.add(slice.copyTo(ByteBuffer.allocate(slice.length())).flip());
            next = slice.nextOffset();
        }
        return Batches.concat(parts.toArray(new ByteBuffer[0]));
    }

    /**
     * Leader epoch to start offset as the stored batch headers tell it, read independently of the log's
     * cache: each batch whose partition leader epoch is newer than every one before it begins that epoch.
     */
    static SortedMap<Integer, Long> epochsOfBatches(Log log) throws IOException {
        ByteBuffer all = storedBatches(log, log.logStartOffset());
        SortedMap<Integer, Long> epochs = new TreeMap<>();
        int latest = -1;
        for (int at = all.position(); at < all.limit(); at += RecordBatch.totalSize(all, at)) {
            int epoch = RecordBatch.partitionLeaderEpoch(all, at);
            if (epoch > latest) {
                epochs.put(epoch, RecordBatch.baseOffset(all, at));
                latest = epoch;
            }
        }
        return epochs;
    }

    /** SHA-256 of every file in the directory, by name: proof that nothing on disk changed. */
    static TreeMap<String, String> fingerprint(Path dir) {
        TreeMap<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                sums.put(file.getFileName().toString(), java.util.HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return sums;
    }

    /** Flips bits ({@code mask}) of the byte in the middle of {@code file}: inside a record, so its batch's CRC fails. */
    static void damageTheMiddle(Path file, int mask) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            long at = ch.size() / 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ mask)).rewind();
            ch.write(b, at);
        }
    }
}
