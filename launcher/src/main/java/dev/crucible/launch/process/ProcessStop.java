package dev.crucible.launch.process;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops processes, all at once (a quorum whose members stop one by one can hang): SIGCONT (a paused
 * process cannot act on SIGTERM), SIGTERM, up to 30 s for all to exit, then SIGKILL for the rest and
 * up to 10 s more.
 */
public final class ProcessStop {
    private static final long TERM_WAIT_MS = 30_000;
    private static final long KILL_WAIT_MS = 10_000;

    private ProcessStop() {}

    /** Stops {@code processes}. Never throws; an interrupt is kept for the caller, after they are stopped. */
    public static void all(List<Process> processes) {
        boolean interrupted = false;
        for (Process p : processes) {
            try {
                Signals.send(p.pid(), "CONT");
            } catch (IOException e) {
                // it may have just exited; SIGTERM and SIGKILL follow anyway
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        processes.forEach(Process::destroy);
        interrupted |= awaitExit(processes, TERM_WAIT_MS);
        processes.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
        interrupted |= awaitExit(processes, KILL_WAIT_MS);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every process exited or the time is up; true if the wait was interrupted. */
    private static boolean awaitExit(List<Process> processes, long timeoutMs) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean interrupted = false;
        for (Process process : processes) {
            long leftNs = deadlineNs - System.nanoTime();
            try {
                if (leftNs > 0) {
                    process.waitFor(leftNs, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true; // keep going: the processes must still be stopped
            }
        }
        return interrupted;
    }
}
