package dev.crucible.chaos.net;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which process owns which lab, so that {@link NetLab#cleanupLeftovers()} removes the labs of dead
 * runs (kill -9) but never those of a run still going, in this JVM or another one.
 *
 * <p>A lab's owner is a file {@code /run/crucible-netlab/TAG} holding {@code PID START}: the process
 * id and its start time in epoch milliseconds (0 when unknown), the pair guarding against a reused
 * process id. /run is a tmpfs, emptied at boot like the namespaces themselves. The file
 * {@code .lock} in the same folder serialises lab creation across processes: tag check, subnet
 * choice and bridge address happen under it, so two labs never take the same name or subnet.
 */
final class Owners {

    private static final Path DIR = Path.of("/run/crucible-netlab");
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private Owners() {
    }

    /** Records this process as the owner of {@code tag}'s lab. */
    static void claim(String tag) throws IOException {
        Files.createDirectories(DIR);
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(DIR.resolve(tag), self.pid() + " " + startMillis(self) + "\n",
                StandardCharsets.UTF_8);
    }

    static void release(String tag) throws IOException {
        Files.deleteIfExists(DIR.resolve(tag));
    }

    /** True when {@code tag}'s lab has an owner file naming a process that still runs. */
    static boolean ownerAlive(String tag) {
        Path file = DIR.resolve(tag);
        try {
            String[] words = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
            long pid = Long.parseLong(words[0]);
            long start = words.length > 1 ? Long.parseLong(words[1]) : 0;
            return alive(pid, start);
        } catch (IOException | RuntimeException e) {
            return false; // no owner file, or an unreadable one: nobody claims the lab
        }
    }

    /** True when process {@code pid} runs and (if both are known) started at {@code startMillis}. */
    static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        long actual = startMillis(process.get());
        return startMillis == 0 || actual == 0 || actual == startMillis;
    }

    /** The tags that have an owner file. */
    static List<String> claimedTags() throws IOException {
        if (!Files.isDirectory(DIR)) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(tags::add);
        }
        return tags;
    }

    /** Something done under the host-wide lock. */
    interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the host-wide creation lock, waiting at most {@link #LOCK_WAIT}. */
    static <T> T underLock(Locked<T> action) throws IOException {
        try (HostLock held = lock()) {
            return held.run(action);
        }
    }

    private static HostLock lock() throws IOException {
        Files.createDirectories(DIR);
        FileChannel channel = FileChannel.open(DIR.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        long deadlineNs = System.nanoTime() + LOCK_WAIT.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // another thread of this JVM holds it
                }
                if (lock != null) {
                    return new HostLock(channel, lock);
                }
                if (deadlineNs - System.nanoTime() < 0) {
                    throw new IOException("another process held " + DIR.resolve(".lock") + " for " + LOCK_WAIT);
                }
                Thread.sleep(20);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + DIR.resolve(".lock"), e);
        }
    }

    /** The held creation lock; closing releases it. */
    private record HostLock(FileChannel channel, FileLock lock) implements AutoCloseable {

        <T> T run(Locked<T> action) throws IOException {
            return action.run();
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
