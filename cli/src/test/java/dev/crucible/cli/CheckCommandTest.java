package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crucible check} on the example histories in the repository. */
class CheckCommandTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "histories");

    @Test
    void aStaleReadIsInvalidExplainedAndDrawn(@TempDir Path out) throws Exception {
        CliRun r = CliRun.of("check", EXAMPLES.resolve("stale-read.edn").toString(), "--model", "cas-register",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("INVALID").contains("cannot be linearized: index 7").contains("p0 read 1")
                .contains("previous ok:          index 5");
        String html = Files.readString(out.resolve("counterexample.html"));
        assertThat(html).contains("<svg").contains("p0").contains("read 1").doesNotContain("<script");
        assertThat(Files.readString(out.resolve("verdict.json"))).contains("\"verdict\" : \"INVALID\"")
                .contains("\"failingIndex\" : 7");
    }

    @Test
    void aValidJsonLinesHistoryExitsZero() {
        CliRun r = CliRun.of("check", EXAMPLES.resolve("register-ok.jsonl").toString(), "--model", "cas-register");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("VALID");
    }

    @Test
    void aMalformedHistoryNamesItsLineAndExitsTwo(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.edn"), "{:process 0, :type :invoke, :f :read}\n{:process 0, :type\n");
        CliRun r = CliRun.of("check", bad.toString(), "--model", "cas-register");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.edn").containsPattern(":[23]");
        CliRun unknownModel = CliRun.of("check", EXAMPLES.resolve("register-ok.jsonl").toString(), "--model", "nope");
        assertThat(unknownModel.exitCode()).isEqualTo(2);
        assertThat(unknownModel.err()).contains("unknown model 'nope'").contains("cas-register");
        CliRun noModel = CliRun.of("check", EXAMPLES.resolve("register-ok.jsonl").toString());
        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.err()).contains("--model is required");
    }

    @Test
    void aKafkaHistoryWithALostWriteIsInvalidAndUnseenCanBeAllowed(@TempDir Path out) throws Exception {
        CliRun r = CliRun.of("check", EXAMPLES.resolve("kafka-lost-write.edn").toString(), "--model", "kafka",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("INVALID").contains("lost-write: 1").contains("\"a\"").contains("unseen: 1");
        assertThat(Files.readString(out.resolve("verdict.json"))).contains("lost-write");
        CliRun allowed = CliRun.of("check", EXAMPLES.resolve("kafka-lost-write.edn").toString(), "--model", "kafka",
                "--allow", "unseen,lost-write");
        assertThat(allowed.exitCode()).as(allowed.out()).isZero();
    }
}
