package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM appends under the {@code always} policy and is killed with SIGKILL ({@code kill -9}) at a
 * random moment, several times over the same log. After each kill the log is reopened: every append
 * the child acknowledged is there at its offset, each writer thread's records are in order, every
 * byte on disk belongs to a whole valid batch, and the leader-epoch cache (each round leads its own epoch)
 * is what the batch headers say.
 */
class KillNineRecoveryTest {
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesKillNineInOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<Long, String> acknowledged = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<String> lines = runAndKill(round, 300 + random.nextInt(1200));
            int acksThisRound = 0;
            for (String line : lines) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ACK")) {
                    String previous = acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                    assertThat(previous).as("offset %s acknowledged twice (seed %d)", parts[1], seed).isNull();
                    acksThisRound++;
                }
            }
            assertThat(acksThisRound).as("round %d made progress (seed %d)", round, seed).isPositive();
            verifyLog(acknowledged, round, seed);
        }
    }

    private List<String> runAndKill(int round, long runMs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-exports") || arg.startsWith("--add-opens")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(),
            dir.toString(), Integer.toString(round)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the pipe breaks when the child dies
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines.stream().noneMatch(l -> l.startsWith("ACK")) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(runMs);
        child.destroyForcibly(); // SIGKILL on Linux: kill -9
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return lines;
    }

    private void verifyLog(Map<Long, String> acknowledged, int round, long seed) throws Exception {
        try (GroupCommitWriter writer = TestLogs.writer(new CachedEpochClock());
             Log log = Log.open(dir, CrashAppender.CONFIG, writer)) {
            List<String> records = TestLogs.readAll(log, 0, 1 << 16);
            assertThat(records).as("contiguous offsets from 0 (seed %d)", seed).hasSize((int) log.logEndOffset());
            for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                assertThat(records.get(ack.getKey().intValue()))
                    .as("acknowledged append at offset %d (seed %d)", ack.getKey(), seed)
                    .isEqualTo(ack.getKey() + ":" + ack.getValue());
            }
            Map<String, Long> lastSeqByThread = new HashMap<>();
            for (String record : records) {
                String value = record.substring(record.indexOf(':') + 1);
                String thread = value.substring(0, value.lastIndexOf('-'));
                long seq = Long.parseLong(value.substring(value.lastIndexOf('-') + 1));
                Long last = lastSeqByThread.put(thread, seq);
                assertThat(seq).as("order of %s (seed %d)", thread, seed).isEqualTo(last == null ? 0 : last + 1);
            }
            assertThat(log.epochEntries()).as("leader epochs against the batch headers (seed %d)", seed)
                .isEqualTo(TestLogs.epochsOfBatches(log)).containsKey(round);
            assertThat(LeaderEpochCache.open(dir).entries()).as("checkpoint (seed %d)", seed).isEqualTo(log.epochEntries());
        }
    }
}
