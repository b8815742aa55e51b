package dev.crucible.broker.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Hands out producer ids for InitProducerId, never the same one twice, across restarts too. Ids are
 * reserved in blocks: before the first id of a block is given out, the end of the block is written to
 * {@code producer-ids} (temp file, fsync, atomic rename). A crash loses at most the rest of a block.
 *
 * <pre>
 * file: "next.block=&lt;first id of the next unreserved block&gt;\n"
 * </pre>
 */
public final class ProducerIdManager {
    static final String FILE = "producer-ids";
    static final long BLOCK = 1000;
    private final Path file;
    private long next;
    private long reservedEnd;

    private ProducerIdManager(Path file, long next) {
        this.file = file;
        this.next = next;
        this.reservedEnd = next;
    }

    /**
     * Opens the allocator stored in {@code dir}.
     *
     * @throws IOException when the file exists but does not say what it should (ids are never guessed)
     */
    public static ProducerIdManager open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return new ProducerIdManager(file, 0);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("next.block=")) {
            throw new IOException(file + " is garbled (expected next.block=N): refusing to guess producer ids");
        }
        try {
            long next = Long.parseLong(text.substring("next.block=".length()));
            if (next < 0) {
                throw new NumberFormatException();
            }
            return new ProducerIdManager(file, next);
        } catch (NumberFormatException e) {
            throw new IOException(file + " is garbled (" + text + "): refusing to guess producer ids", e);
        }
    }

    /** The next producer id; writes the file when a new block must be reserved. */
    public synchronized long nextId() {
        if (next == reservedEnd) {
            try {
                persist(reservedEnd + BLOCK);
            } catch (IOException e) {
                throw new IllegalStateException("cannot reserve producer ids: " + e.getMessage(), e);
            }
            reservedEnd += BLOCK;
        }
        return next++;
    }

    private void persist(long nextBlock) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode("next.block=" + nextBlock + "\n");
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
