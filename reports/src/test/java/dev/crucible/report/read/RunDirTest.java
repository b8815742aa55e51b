package dev.crucible.report.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.report.Fixtures;
import dev.crucible.report.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result directory in bench's format, written by hand, read back; damaged copies refused. */
class RunDirTest {

    static Path runDir(Path dir, String status, boolean missed) throws Exception {
        Files.createDirectories(dir);
        Histogram h = Fixtures.hlog(dir.resolve("publish.hlog"), 9, 12, 1000, 1.0);
        Files.writeString(dir.resolve("run.json"), """
            {"format":"crucible-run/1","label":"v1","status":"%s","incompleteReason":null,
             "target":{"kind":"embedded","version":"broker-ref"},"crucible":{"gitRevision":"abc"},
             "phases":{"warmupSeconds":2.0,"firstMeasuredInterval":2,"endInterval":12},
             "rate":{"targetMsgsPerSec":1000.0,"missed":%s},
             "summary":{"throughput":{"publishMsgsPerSec":1000.0,"sendErrors":0},
                        "latencyMicros":{"response":{"count":%d}}},
             "sequences":{"totals":{"lost":0,"duplicated":1,"outOfOrder":0}},
             "faults":[{"name":"pause","fromSec":5,"toSec":7}]}
            """.formatted(status, missed, h.getTotalCount()));
        List<String> csv = new ArrayList<>(List.of("second,phase,target_msgs_per_s,sent_msgs,acked_msgs,send_errors,"
                + "consumed_msgs,sent_bytes,consumed_bytes"));
        for (int s = 0; s < 12; s++) {
            csv.add(s + "," + (s < 2 ? "warm-up" : "test") + ",1000.0,1000," + (s < 2 ? 900 : 1000) + ",0,1000,1,1");
        }
        Files.write(dir.resolve("throughput.csv"), csv);
        return dir;
    }

    @Test
    void aResultDirectoryIsReadWithItsValidityPhasesAndFaults(@TempDir Path tmp) throws Exception {
        Path dir = runDir(tmp.resolve("run1"), "COMPLETE", false);
        Run run = Inputs.read(List.of(dir.toString()), 1.0, 1.0).runs().get(0);
        assertThat(run.label()).isEqualTo("v1");
        assertThat(run.warmupSec()).isEqualTo(2.0);
        assertThat(run.measuredThroughput()).as("warm-up seconds excluded").isEqualTo(1000.0);
        assertThat(run.validity().duplicated()).isEqualTo(1L);
        assertThat(run.validity().complete()).isTrue();
        assertThat(run.faults()).hasSize(1);
        assertThat(run.facts().get("target")).contains("embedded").contains("broker-ref");
        assertThat(run.metrics()).containsOnlyKeys("response");
    }

    @Test
    void aLogThatDisagreesWithRunJsonIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = runDir(tmp.resolve("run1"), "COMPLETE", false);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("publish.hlog")));
        lines.remove(lines.size() - 1);
        Files.write(dir.resolve("publish.hlog"), lines);
        assertThatThrownBy(() -> Inputs.read(List.of(dir.toString()), 1.0, 1.0))
                .hasMessageContaining("publish.hlog").hasMessageContaining("run.json says");
    }

    @Test
    void missingOrDamagedFilesAreNamed(@TempDir Path tmp) throws Exception {
        Path dir = runDir(tmp.resolve("run1"), "COMPLETE", false);
        Files.delete(dir.resolve("throughput.csv"));
        assertThatThrownBy(() -> Inputs.read(List.of(dir.toString()), 1.0, 1.0))
                .hasMessageContaining("throughput.csv").hasMessageContaining("missing");
        Path dir2 = runDir(tmp.resolve("run2"), "COMPLETE", false);
        Files.writeString(dir2.resolve("throughput.csv"), "second,phase,target_msgs_per_s,acked_msgs\n0,test,1000\n");
        assertThatThrownBy(() -> Inputs.read(List.of(dir2.toString()), 1.0, 1.0))
                .hasMessageContaining("line 2").hasMessageContaining("truncated");
        Path dir3 = runDir(tmp.resolve("run3"), "COMPLETE", false);
        Files.writeString(dir3.resolve("run.json"), "{\"format\":\"something-else\"}");
        assertThatThrownBy(() -> Inputs.read(List.of(dir3.toString()), 1.0, 1.0))
                .hasMessageContaining("not a crucible run.json");
    }

    @Test
    void aFolderOfRunsIsReadWhole(@TempDir Path tmp) throws Exception {
        runDir(tmp.resolve("a"), "COMPLETE", false);
        runDir(tmp.resolve("b"), "INCOMPLETE", true);
        List<Run> runs = Inputs.read(List.of(tmp.toString()), 1.0, 1.0).runs();
        assertThat(runs).extracting(Run::id).containsExactly("a", "b");
        assertThat(runs.get(1).validity().complete()).isFalse();
    }
}
