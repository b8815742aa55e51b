package dev.crucible.chaos.cluster;

import dev.crucible.testing.Await;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.chaos.time.RunClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exits nobody asked for are crashes; a kill, a stop or an exit a fault excused is not. */
class ExitWatchTest {
    /** A wall clock stopped at a known instant, so a crash's time is known. */
    private static final Instant CRASH_TIME = Instant.parse("2024-01-02T03:04:05.678Z");
    private static final RunClock CLOCK = new RunClock() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long epochMillis() {
            return CRASH_TIME.toEpochMilli();
        }
    };

    @TempDir Path tmp;

    private Process start(String script) throws Exception {
        return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("out").toFile())).start();
    }

    /** Waits until the exit callbacks ran (they run after waitFor returns). */
    private static void settle(Process p) throws Exception {
        p.onExit().get(10, TimeUnit.SECONDS);
        Thread.sleep(100);
    }

    /** Lets a process blocked in {@code read go} go on: it writes its output only once it is watched. */
    private static void go(Process p) throws Exception {
        p.getOutputStream().write('\n');
        p.getOutputStream().close();
    }

    /** Waits (at most 10 s) until the exit callbacks recorded {@code count} crashes. */
    private static void awaitCrashes(ExitWatch w, int count) throws Exception {
        Await.until(() -> count + " crashes; so far: " + w.crashes(), Duration.ofSeconds(10), () -> w.crashes().size() >= count);
        assertThat(w.crashes()).hasSize(count);
    }

    @Test
    void anExitNobodyAskedForIsACrashWithTheJvmFatalErrorLines() throws Exception {
        Files.writeString(tmp.resolve("out"), "");
        ExitWatch w = new ExitWatch("n0", tmp.resolve("out"), CLOCK);
        Process p = start("read go; echo '#  SIGSEGV (0xb) at pc=0x1, pid=1, tid=2'; echo '# J 2989 c2 a.B.read()Z';"
                + " echo '# /x/hs_err_pid1.log'; exit 134");
        w.watch(p);
        w.started();
        go(p);
        awaitCrashes(w, 1);
        assertThat(w.crashes().get(0)).contains("n0 (pid " + p.pid() + ") exited by itself with code 134 at "
                        + LocalTime.ofInstant(CRASH_TIME, ZoneId.systemDefault()) + "; no nemesis stopped it")
                .contains("SIGSEGV (0xb)").contains("J 2989 c2 a.B.read()Z").contains("hs_err_pid1.log");
    }

    @Test
    void aSecondCrashIsDescribedByItsOwnOutputNotThePreviousProcesss() throws Exception {
        Files.writeString(tmp.resolve("out"), "");
        ExitWatch w = new ExitWatch("n0", tmp.resolve("out"), CLOCK);
        Process first = start("read go; echo '#  SIGSEGV (0xb) at pc=0x1'; exit 134");
        w.watch(first);
        go(first);
        awaitCrashes(w, 1);
        Process second = start("read go; echo 'out of disk'; exit 1");
        w.watch(second);
        go(second);
        awaitCrashes(w, 2);
        assertThat(w.crashes().get(1)).contains("code 1").contains("out of disk").doesNotContain("SIGSEGV");
    }

    @Test
    void aKillOrAStopIsNotACrashAndALateCallbackNeverBlamesTheNextProcess() throws Exception {
        ExitWatch w = new ExitWatch("n0", tmp.resolve("out"), CLOCK);
        Process first = start("sleep 30");
        w.watch(first);
        w.started();
        w.stopping();
        first.destroyForcibly();
        Process second = start("sleep 30"); // restarted before the first one's exit callback ran
        w.watch(second);
        w.started();
        settle(first);
        assertThat(w.crashes()).isEmpty();
        w.stopping();
        second.destroy();
        settle(second);
        assertThat(w.crashes()).isEmpty();
    }

    @Test
    void anExcusedNodeMayExitOrFailToStartUntilItStartsAgain() throws Exception {
        ExitWatch w = new ExitWatch("n0", tmp.resolve("out"), CLOCK);
        Process running = start("sleep 30");
        w.watch(running);
        w.started();
        w.excuse(); // a full disk: the broker may halt
        running.destroyForcibly();
        settle(running);
        Process refused = start("exit 1"); // a damaged log: it may refuse to start
        w.watch(refused);
        settle(refused);
        assertThat(w.crashes()).isEmpty();
        Process fine = start("read go; exit 3");
        w.watch(fine);
        w.started(); // it started: from now on an exit is a crash again
        go(fine);
        awaitCrashes(w, 1);
    }
}
