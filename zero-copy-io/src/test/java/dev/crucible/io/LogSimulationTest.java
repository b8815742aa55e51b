package dev.crucible.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;

/**
 * The deterministic simulation of a log and its group-commit writer ({@link LogSimulation}) over many
 * seeds. The suite runs {@code sim.seeds} seeds (100 unless set) from {@code sim.firstSeed} (1);
 * {@code mvn -pl zero-copy-io test -Psimulation} runs thousands. A failure names its seed; {@code
 * -Dtest=LogSimulationTest#oneSeed -Dsim.seed=N} replays exactly that run.
 */
class LogSimulationTest {
    private static final int STEPS = Integer.getInteger("sim.steps", 300);

    @TempDir
    Path tempDir;

    static LongStream seeds() {
        long first = Long.getLong("sim.firstSeed", 1);
        return LongStream.range(first, first + Integer.getInteger("sim.seeds", 100));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariantsHoldUnderEverySchedule(long seed) throws IOException {
        simulate(seed);
    }

    /** Replays one seed: {@code -Dsim.seed=N}. */
    @Test
    void oneSeed() throws IOException {
        Long seed = Long.getLong("sim.seed");
        Assumptions.assumeTrue(seed != null, "set -Dsim.seed=N to replay one seed");
        simulate(seed);
    }

    /**
     * Runs one seed in a fresh directory, in memory ({@code /dev/shm}) where the machine has it: the
     * simulated disk never forces, but creating, mapping and deleting segment files on a real disk
     * still costs far more than the simulation itself. The directory does not change the run.
     */
    private void simulate(long seed) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "crucible-sim-") : tempDir;
        try {
            new LogSimulation(seed, dir.resolve("log")).run(STEPS);
        } finally {
            if (!dir.equals(tempDir)) {
                LogFiles.deleteRecursively(dir);
            }
        }
    }
}
