package dev.crucible.bench;

import dev.crucible.check.format.Formats;
import dev.crucible.check.history.History;
import dev.crucible.check.linear.Linearizability;
import dev.crucible.check.linear.Verdict;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to check a whole shared corpus in one go (parsing excluded): Porcupine's 50 etcd
 * histories, Knossos's 122 histories, or Porcupine's 4 kv histories. Returns the number of
 * invalid histories so the work cannot be dropped. Run from the repository root (see
 * {@link EtcdCheckBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class SharedSetsBenchmark {
    /** Which corpus. */
    @Param({"etcd", "knossos", "kv"})
    public String set;

    private final List<History> histories = new ArrayList<>();
    private final List<Model> models = new ArrayList<>();

    /** Parses every file of the set once. */
    @Setup
    public void load() throws IOException {
        Path root = Path.of(System.getProperty("crucible.histories.dir", "../shared/histories"));
        Path dir = switch (set) {
            case "etcd" -> root.resolve("porcupine/jepsen");
            case "kv" -> root.resolve("porcupine/kv");
            default -> root.resolve("knossos");
        };
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(edn|log|txt)$")).sorted().toList()) {
                histories.add(Formats.read(f, null));
                String rel = root.relativize(f).toString();
                models.add(Models.byName(set.equals("etcd") ? "etcd" : set.equals("kv") ? "kv"
                        : rel.contains("multi-register") ? "multi-register" : rel.contains("mutex") ? "mutex" : "cas-register"));
            }
        }
    }

    /** Checks every history of the set. */
    @Benchmark
    public int checkAll() {
        int invalid = 0;
        for (int i = 0; i < histories.size(); i++) {
            if (Linearizability.check(models.get(i), histories.get(i).ops(), null, Linearizability.Settings.defaults())
                    .verdict() == Verdict.INVALID) {
                invalid++;
            }
        }
        return invalid;
    }
}
