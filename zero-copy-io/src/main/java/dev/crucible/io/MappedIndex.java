package dev.crucible.io;

import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped file of fixed-size entries, the shape shared by Kafka's {@code .index} and
 * {@code .timeindex}. An index being written is preallocated to its maximum size; on roll or close it
 * is trimmed to the entries it holds, so a trimmed file's length tells its entry count.
 *
 * <p>One writer appends; any thread reads. A reader sees only entries published through the volatile
 * {@link #entries} count, which the writer bumps after the entry's bytes are in place.
 */
abstract class MappedIndex implements AutoCloseable {
    protected final long baseOffset;
    protected final int entrySize;
    protected final MappedByteBuffer mmap;
    private Path file;
    private int maxEntries;
    private volatile int entries;
    private boolean closed;

    /** How an index file is opened. */
    enum Mode {
        /** A new, empty index, preallocated to its maximum size, for a new active segment. */
        CREATE,
        /** An existing index kept as it is and mapped writable at its maximum size: the active segment after a clean shutdown. */
        REOPEN,
        /** An existing, trimmed index, read-only: an inactive segment. */
        READ_ONLY
    }

    protected MappedIndex(Path file, long baseOffset, int entrySize, int maxIndexBytes, boolean writable) {
        this(file, baseOffset, entrySize, maxIndexBytes, writable ? Mode.CREATE : Mode.READ_ONLY);
    }

    protected MappedIndex(Path file, long baseOffset, int entrySize, int maxIndexBytes, Mode mode) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try {
            if (mode == Mode.READ_ONLY) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    long length = channel.size();
                    requireWhole(length);
                    this.mmap = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
                }
                this.maxEntries = (int) (length() / entrySize);
                this.entries = maxEntries;
                return;
            }
            int capacity = (maxIndexBytes / entrySize) * entrySize;
            StandardOpenOption keep = mode == Mode.CREATE ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.READ;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, keep)) {
                long kept = channel.size();
                requireWhole(kept);
                if (kept > capacity) {
                    throw new CorruptIndexException(file + ": " + kept + " bytes, more than the " + capacity + " an index may hold");
                }
                this.mmap = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
                this.entries = (int) (kept / entrySize);
            }
            this.maxEntries = capacity / entrySize;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map index " + file, e);
        }
    }

    private void requireWhole(long length) {
        if (length % entrySize != 0 || length > Integer.MAX_VALUE) {
            throw new CorruptIndexException(file + ": size " + length + " is not a multiple of " + entrySize);
        }
    }

    private long length() {
        return mmap.capacity();
    }

    public final int entries() {
        return entries;
    }

    public final boolean isFull() {
        return entries >= maxEntries;
    }

    public final Path file() {
        return file;
    }

    /** Publishes one more entry whose bytes the subclass has just written at {@link #nextSlot()}. */
    protected final void publishEntry() {
        entries = entries + 1;
    }

    protected final int nextSlot() {
        if (entries >= maxEntries) {
            throw new IllegalStateException("index " + file + " is full (" + maxEntries + " entries)");
        }
        return entries * entrySize;
    }

    protected final int slot(int n) {
        return n * entrySize;
    }

    /** Forgets every entry; used when recovery rebuilds the index from the log. */
    final void reset() {
        entries = 0;
    }

    /** Shrinks the file to the entries it holds; no entry can be appended afterwards. */
    final void trim() {
        int n = entries;
        maxEntries = n;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() > (long) n * entrySize) {
                channel.truncate((long) n * entrySize);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot trim index " + file, e);
        }
    }

    final void flush() {
        if (!mmap.isReadOnly()) {
            mmap.force();
        }
    }

    final void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING); // see LogSegment.markDeleted
        file = target;
    }

    /** Trims a writable index and unmaps it. No read may follow. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!mmap.isReadOnly() && Files.exists(file)) {
            trim();
        }
        IoUtil.unmap(mmap);
    }
}
