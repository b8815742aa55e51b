package dev.crucible.broker.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out producer ids for InitProducerId from idempotent producers without a transactional id:
 * every call a fresh id, which the producer uses with epoch {@link #INITIAL_EPOCH} (Kafka does the same:
 * such a producer never reuses an id, it asks again).
 *
 * <p>Ids are never handed out twice, across restarts too: ids are reserved in blocks of
 * {@code blockSize}, and a block's end is made durable in the {@link ProducerIdFile} before any id of it
 * is handed out. A restart continues from the last durable end, so the unused rest of the last block
 * is skipped, never reused; the file is written once per block. A corrupt file stops the broker with
 * {@link CorruptProducerIdFileException} instead of guessing.
 *
 * <p>Thread-safe, for the network threads: an id is one atomic increment; only the thread that runs
 * past the reserved block takes the lock and writes the file, and threads that run past it meanwhile
 * wait for that write.
 */
public final class ProducerIdManager {
    /** Epoch that goes with a freshly handed-out id. */
    public static final short INITIAL_EPOCH = 0;
    /** Ids reserved per file write, as Kafka's controller reserves them per broker. */
    public static final int DEFAULT_BLOCK_SIZE = 1000;

    private final ProducerIdFile file;
    private final int blockSize;
    private final AtomicLong next;
    private volatile long reservedEnd;

    private ProducerIdManager(ProducerIdFile file, int blockSize, long highWater) {
        this.file = file;
        this.blockSize = blockSize;
        this.next = new AtomicLong(highWater);
        this.reservedEnd = highWater;
    }

    /** Opens the manager of the broker whose data directory is {@code dataDir}, with blocks of 1000 ids. */
    public static ProducerIdManager open(Path dataDir) throws IOException {
        return open(dataDir, DEFAULT_BLOCK_SIZE);
    }

    /**
     * Opens the manager, reading the high-water mark left by the previous run (none for a new broker).
     *
     * @throws CorruptProducerIdFileException when the file exists but cannot be trusted
     */
    public static ProducerIdManager open(Path dataDir, int blockSize) throws IOException {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, was " + blockSize);
        }
        Files.createDirectories(dataDir);
        ProducerIdFile file = new ProducerIdFile(dataDir);
        return new ProducerIdManager(file, blockSize, file.read());
    }

    /**
     * A producer id never handed out before, by this run or an earlier one.
     *
     * @throws IOException when the next block cannot be made durable; no id is handed out then
     */
    public long nextProducerId() throws IOException {
        long id = next.getAndIncrement();
        if (id < reservedEnd) {
            return id;
        }
        synchronized (this) {
            while (id >= reservedEnd) {
                reserveBlock();
            }
        }
        return id;
    }

    /** Lock held. Makes the next block's end durable before any id of it is handed out. */
    private void reserveBlock() throws IOException {
        long end = reservedEnd;
        if (end > Long.MAX_VALUE - blockSize) {
            throw new IllegalStateException("producer ids exhausted at " + end);
        }
        file.write(end + blockSize);
        reservedEnd = end + blockSize;
    }

    /** Every id handed out is below this; the durable high-water mark. */
    public long reservedEnd() {
        return reservedEnd;
    }

    /** Where the high-water mark is kept. */
    public Path file() {
        return file.path();
    }
}
