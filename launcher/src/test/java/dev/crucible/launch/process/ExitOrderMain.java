package dev.crucible.launch.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for {@link ForegroundTest}: holds the shutdown gate, registers a stop hook and runs in
 * the foreground; each step it takes at exit is appended to the file named by its argument.
 */
public final class ExitOrderMain {
    private static Path file;

    private ExitOrderMain() {}

    /** {@code <file>}: writes "ready", then waits for SIGTERM. */
    public static void main(String[] args) throws Exception {
        file = Path.of(args[0]);
        CountDownLatch told = new CountDownLatch(1);
        ShutdownGate.Hold hold = ShutdownGate.hold("test-hold", () -> {
            note("holder told");
            told.countDown();
        });
        Thread holder = new Thread(() -> {
            try {
                told.await();
                note("holder finished");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hold.close();
        }, "test-holder");
        holder.setDaemon(true);
        holder.start();
        StopHook.register("test-stop", () -> note("stop hook"));
        StopHook.register("test-cancelled", () -> note("cancelled hook ran")).cancel();
        Foreground foreground = Foreground.closeAtExit("test-foreground", () -> note("closed first"), () -> {
            throw new IOException("a failing close");
        }, () -> note("closed third"));
        note("ready");
        foreground.await();
    }

    private static synchronized void note(String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
