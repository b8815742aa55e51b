package dev.crucible.launch.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of every child JVM the launcher starts: {@code ParentWatch <parentPid> <mainClass>
 * <args...>} runs {@code mainClass} and ends the JVM soon after the parent process is gone, even if
 * the parent died by SIGKILL and so could run no shutdown hook.
 *
 * <p>It is copied alone onto the child's classpath (see {@link WatchdogClasspath}), so it must stay
 * one class file (no nested or anonymous classes) using only {@code java.base}.
 */
public final class ParentWatch {

    private static final long POLL_MS = 500;
    private static final long HALT_AFTER_EXIT_MS = 10_000;

    private ParentWatch() {}

    /** Starts the watch thread, then hands the remaining arguments to {@code mainClass.main}. */
    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatch <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Optional<Instant> parentStart =
                ProcessHandle.of(parentPid).flatMap(p -> p.info().startInstant());
        Thread watch = new Thread(() -> watch(parentPid, parentStart), "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watch(long parentPid, Optional<Instant> parentStart) {
        while (alive(parentPid, parentStart)) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("ParentWatch: parent process " + parentPid + " is gone, exiting");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_EXIT_MS);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        // A normal exit lets the program's shutdown hooks close files; the halt bounds how long.
        System.exit(3);
    }

    /** True while the parent runs; a recycled pid shows up as a different start time. */
    private static boolean alive(long pid, Optional<Instant> start) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> now = handle.get().info().startInstant();
        return start.isEmpty() || now.isEmpty() || start.equals(now);
    }
}
