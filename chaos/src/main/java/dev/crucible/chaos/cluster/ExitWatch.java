package dev.crucible.chaos.cluster;

import dev.crucible.chaos.time.RunClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells a node's exits the run asked for (a kill, the stop at the end, an exit a fault may cause)
 * from those it did not: a crash. Every process of the node is watched from the moment it starts;
 * each has its own "expected" flag, so the late exit callback of a killed process never blames the
 * process that replaced it.
 */
final class ExitWatch {
    /** How much of a crashed process's output is searched for its fatal error report. */
    static final int TAIL_BYTES = 16 * 1024;

    private final String node;
    private final Path output;
    private final RunClock clock;
    private final List<String> crashes = new ArrayList<>();
    private volatile AtomicBoolean current = new AtomicBoolean(true);
    /** Set by a fault that may make the node exit or refuse to start; cleared by a start that succeeds. */
    private volatile boolean excused;

    /** Watches node {@code node}, whose processes append to {@code output}; {@code clock} dates a crash. */
    ExitWatch(String node, Path output, RunClock clock) {
        this.node = node;
        this.output = output;
        this.clock = clock;
    }

    /** Watches a process just started for the node. */
    void watch(Process p) {
        AtomicBoolean expected = new AtomicBoolean(excused);
        current = expected;
        long outputFrom = size(output); // the output is appended across restarts: this process's starts here
        p.onExit().thenAccept(done -> {
            if (!expected.get()) {
                record(done, outputFrom);
            }
        });
    }

    /** The current process is about to be stopped on purpose. */
    void stopping() {
        current.set(true);
    }

    /** Until the next start succeeds, the node may exit (or fail to start) as a fault's expected outcome. */
    void excuse() {
        excused = true;
        current.set(true);
    }

    /** A start succeeded: from now on an exit nobody asked for is a crash again. */
    void started() {
        excused = false;
        current.set(false);
    }

    private void record(Process p, long outputFrom) {
        String line = node + " (pid " + p.pid() + ") exited by itself with code " + p.exitValue() + " at "
                + LocalTime.ofInstant(Instant.ofEpochMilli(clock.epochMillis()), ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS)
                + "; no nemesis stopped it; " + why(outputFrom);
        synchronized (crashes) {
            crashes.add(line);
        }
    }

    /**
     * What the output says about the exit: a JVM's fatal error report (signal, problematic frame,
     * where hs_err went), else its last lines.
     */
    private String why(long outputFrom) {
        List<String> lines = ownLines(outputFrom);
        List<String> fatal = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.matches("#\\s+SIG\\w+ .*") || l.startsWith("# J ") || l.startsWith("# C ") || l.startsWith("# V ")
                    || (l.startsWith("# /") && l.contains("hs_err"))) {
                fatal.add(l.substring(1).strip());
            }
        }
        if (!fatal.isEmpty()) {
            return "JVM fatal error: " + String.join(" | ", fatal) + " (" + output + ")";
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - 6), lines.size());
        return "the end of " + output + ": " + String.join(" | ", tail);
    }

    /** The last {@link #TAIL_BYTES} of what the process wrote (from {@code from} on). */
    private List<String> ownLines(long from) {
        try (FileChannel ch = FileChannel.open(output, StandardOpenOption.READ)) {
            long start = Math.max(from, ch.size() - TAIL_BYTES);
            ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, ch.size() - start));
            while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                // read on
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(no output: " + e.getMessage() + ")");
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Every exit nobody asked for, oldest first. */
    List<String> crashes() {
        synchronized (crashes) {
            return List.copyOf(crashes);
        }
    }
}
