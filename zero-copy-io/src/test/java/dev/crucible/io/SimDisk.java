package dev.crucible.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The simulated disk under a log: real files in a directory, plus, per segment data file, the length a
 * {@code force} last made durable (see {@link SimChannel}). A process crash only closes the channels;
 * a power failure ({@link #powerFailure}) also loses what was not durable: each data file is cut back
 * to its durable length, sometimes keeping part of the lost bytes (the kernel wrote them back) and
 * sometimes with random garbage in place of them (a torn write). Index files are memory-mapped and
 * never forced by the engine, so a power failure may delete them or zero them.
 *
 * <p>Directory operations (create, rename, delete) are durable at once: the engine syncs the
 * directory after each of them that matters, and this model does not test that.
 */
final class SimDisk implements FileChannelOpener {
    /** What the disk knows of one data file. */
    static final class File {
        long durableLength;
    }

    private final TreeMap<Path, File> files = new TreeMap<>();
    private volatile Runnable onForce = () -> { };

    /** Runs {@code hook} at the start of every force (on the forcing thread), e.g. to make forces slow. */
    void onForce(Runnable hook) {
        onForce = hook;
    }

    private void beforeForce() {
        onForce.run();
    }
    private final List<FileChannel> open = new ArrayList<>();

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        boolean created = Set.of(options).contains(StandardOpenOption.CREATE_NEW);
        FileChannel real = FileChannel.open(path, options);
        if (Files.isDirectory(path)) {
            return new SimChannel(new File(), real, this::beforeForce); // directory entries are durable at once in this model
        }
        File file = files.get(path);
        if (created || file == null) {
            file = new File();
            file.durableLength = created ? 0 : real.size();
            files.put(path, file);
        }
        SimChannel channel = new SimChannel(file, real, this::beforeForce);
        open.add(channel);
        return channel;
    }

    /** Bytes of {@code path} that a power failure would keep at least. */
    long durableLength(Path path) {
        File file = files.get(path);
        return file == null ? 0 : file.durableLength;
    }

    /** The process dies: every channel it had is closed; the page cache (the files' bytes) stays. */
    void processCrash() {
        for (FileChannel channel : open) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        open.clear();
    }

    /** The machine loses power: the process dies and every byte not made durable may be lost or torn. */
    void powerFailure(Path dir, Random random) throws IOException {
        processCrash();
        for (var entry : files.entrySet()) {
            Path path = entry.getKey();
            if (Files.exists(path)) {
                entry.getValue().durableLength = loseUndurableBytes(path, entry.getValue().durableLength, random);
            }
        }
        for (Path index : indexFiles(dir)) {
            int fate = random.nextInt(10);
            if (fate < 2) {
                Files.delete(index);
            } else if (fate < 4) {
                zero(index);
            }
        }
    }

    /** Cuts the file to what survives; returns its new length, all of it now on disk. */
    private static long loseUndurableBytes(Path path, long durable, Random random) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size <= durable) {
                return size;
            }
            long lost = size - durable;
            int fate = random.nextInt(10);
            long kept = fate < 4 ? 0 : (long) (random.nextDouble() * lost);
            channel.truncate(durable + kept);
            if (fate >= 7 && kept < lost) {
                byte[] garbage = new byte[1 + random.nextInt((int) Math.min(lost - kept, 4096))];
                random.nextBytes(garbage);
                channel.write(ByteBuffer.wrap(garbage), durable + kept);
            }
            return channel.size();
        }
    }

    private static List<Path> indexFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(LogFiles.INDEX_SUFFIX)
                || p.toString().endsWith(LogFiles.TIME_INDEX_SUFFIX)).sorted().toList();
        }
    }

    private static void zero(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) channel.size());
            while (zeros.hasRemaining()) {
                channel.write(zeros, zeros.position());
            }
        }
    }
}
