package dev.crucible.launch.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals to a process by id, through kill(1): the JDK can only send TERM and KILL. */
public final class Signals {
    private Signals() {}

    /** Sends {@code signal} ("STOP", "CONT", "KILL", ...) to {@code pid}. */
    public static void send(long pid, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kill -" + signal + " " + pid + " did not finish in 10 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: "
                    + new String(p.getInputStream().readAllBytes()).trim());
        }
    }
}
