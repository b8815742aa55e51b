package dev.crucible.bench;

import dev.crucible.check.format.Formats;
import dev.crucible.check.history.History;
import dev.crucible.check.linear.CheckResult;
import dev.crucible.check.linear.Linearizability;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Time to check one of Porcupine's etcd histories (../shared/histories/porcupine/jepsen, a CAS
 * register under Jepsen against etcd 2.0), parsing excluded, as Porcupine's own benchmark
 * measures it (its medians are in that folder's MANIFEST). Run from the repository root:
 * {@code java -Xmx1g -jar jmh-benchmarks/target/benchmarks.jar EtcdCheckBenchmark -rf json -rff results/jmh-etcd.json};
 * {@code -Dcrucible.histories.dir=DIR} points elsewhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class EtcdCheckBenchmark {
    /** The file number, 000..049. */
    @Param({"000", "001", "002", "003", "004", "005", "006", "007", "008", "009", "010", "011", "012", "013", "014",
            "015", "016", "017", "018", "019", "020", "021", "022", "023", "024", "025", "026", "027", "028", "029", "030",
            "031", "032", "033", "034", "035", "036", "037", "038", "039", "040", "041", "042", "043", "044", "045", "046",
            "047", "048", "049"})
    public String file;

    private History history;
    private Model model;

    /** Parses the history once. */
    @Setup
    public void load() {
        Path dir = Path.of(System.getProperty("crucible.histories.dir", "../shared/histories"));
        Path f = dir.resolve("porcupine/jepsen/etcd_" + file + ".log");
        if (!Files.exists(f)) {
            throw new IllegalStateException(f.toAbsolutePath() + " is missing: run from the repository root beside"
                    + " ../shared, or set -Dcrucible.histories.dir");
        }
        history = Formats.read(f, null);
        model = Models.byName("etcd");
    }

    /** One whole check: preprocessing, partitioning, search. */
    @Benchmark
    public CheckResult check() {
        return Linearizability.check(model, history.ops(), null, Linearizability.Settings.defaults());
    }
}
