package dev.crucible.broker.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Runs an external client (kcat, Debian's python3) with a time limit; the result is its output. */
record Proc(int exit, String out, String err) {

    static Proc run(List<String> command, String stdin, long timeoutSeconds) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile("proc-out", ".txt");
        Path errFile = Files.createTempFile("proc-err", ".txt");
        try {
            Process p = new ProcessBuilder(command)
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile())
                .start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; stderr: "
                    + Files.readString(errFile));
            }
            return new Proc(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** Fails with the install line when a client the suite needs is not on this machine. */
    static void require(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is missing: run ./crucible test (it installs " + debianPackage
                + ") or apt-get install " + debianPackage);
        }
    }

    Proc ok() {
        if (exit != 0) {
            throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
        }
        return this;
    }

    /** A line a running client wrote, with the {@link System#nanoTime()} it arrived at. */
    record Line(long nanos, String text) {
    }

    /** Starts a client without waiting for it: its input open for writing, its output lines gathered as they come. */
    static Live start(List<String> command) throws IOException {
        return start(command, line -> false);
    }

    /** As {@link #start(List)}, counting the lines of either output that {@code counted} accepts (see {@link Live#counted}). */
    static Live start(List<String> command, Predicate<String> counted) throws IOException {
        return new Live(new ProcessBuilder(command).start(), command, counted);
    }

    /** A client still running (see {@link #start}). */
    static final class Live implements AutoCloseable {
        private final Process process;
        private final List<String> command;
        private final List<Line> out = new ArrayList<>();
        private final List<Line> err = new ArrayList<>();
        private final Thread outReader;
        private final Thread errReader;
        private final Writer stdin;
        private final AtomicInteger counted = new AtomicInteger();

        private Live(Process process, List<String> command, Predicate<String> counting) {
            this.process = process;
            this.command = command;
            this.outReader = gather(process.getInputStream(), out, counting, counted);
            this.errReader = gather(process.getErrorStream(), err, counting, counted);
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        private static Thread gather(InputStream stream, List<Line> into, Predicate<String> counting, AtomicInteger counted) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        Line l = new Line(System.nanoTime(), line);
                        if (counting.test(line)) {
                            counted.incrementAndGet();
                        }
                        synchronized (into) {
                            into.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the process was destroyed: what arrived is kept
                }
            }, "proc-output");
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** How many of its output lines so far the predicate given to {@link #start(List, Predicate)} accepted. */
        int counted() {
            return counted.get();
        }

        /** Its standard output so far. */
        List<Line> out() {
            synchronized (out) {
                return List.copyOf(out);
            }
        }

        /** Its standard error so far. */
        List<Line> err() {
            synchronized (err) {
                return List.copyOf(err);
            }
        }

        /** Writes all of its input, and closes it. */
        Live input(String text) throws IOException {
            try (stdin) {
                stdin.write(text);
            }
            return this;
        }

        /** Closes its input, waits up to {@code timeoutSeconds} for it to exit and its output. */
        Proc finish(long timeoutSeconds) throws IOException, InterruptedException {
            try {
                stdin.close();
            } catch (IOException e) {
                // it exited already
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; stderr: " + text(err()));
            }
            outReader.join(10_000);
            errReader.join(10_000);
            return new Proc(process.exitValue(), text(out()), text(err()));
        }

        private static String text(List<Line> lines) {
            StringBuilder b = new StringBuilder();
            lines.forEach(l -> b.append(l.text()).append('\n'));
            return b.toString();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
