package dev.crucible.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleTest {
    @TempDir Path tmp;

    @Test
    void periodicAlternatesQuietAndFaultTakingNemesesInTurn() {
        Schedule s = Schedule.periodic(List.of("kill", "pause", "latency"), Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertThat(s.events()).extracting(FaultEvent::startMs).containsExactly(10_000L, 30_000L, 50_000L);
        assertThat(s.events()).extracting(FaultEvent::durationMs).containsOnly(10_000L);
        assertThat(s.events()).extracting(FaultEvent::nemesis).containsExactly("kill", "pause", "latency");
        assertThat(s.endMs()).isEqualTo(60_000L);
        assertThat(Schedule.periodic(List.of(), Duration.ofSeconds(10), Duration.ofSeconds(60)).events()).isEmpty();
        // A fault that would outlast the run is not scheduled.
        assertThat(Schedule.periodic(List.of("kill"), Duration.ofSeconds(10), Duration.ofSeconds(25)).events()).hasSize(1);
    }

    @Test
    void readsOurFormatAndTrogdorFaultSpecs() throws IOException {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, """
            {"faults": [
              {"nemesis": "latency", "startMs": 15000, "durationMs": 5000, "latencyMs": 100, "jitterMs": 20},
              {"nemesis": "kill", "startMs": 5000, "durationMs": 4000, "nodes": ["n0"]},
              {"class": "org.apache.kafka.trogdor.fault.ProcessStopFaultSpec", "startMs": 30000, "durationMs": 2000,
               "nodeNames": ["n1"], "javaProcessName": "Kafka"},
              {"class": "org.apache.kafka.trogdor.fault.NetworkPartitionFaultSpec", "startMs": 40000, "durationMs": 1000,
               "partitions": [["n0"], ["n1", "n2"]]}
            ]}
            """);
        Schedule s = Schedule.read(f);
        assertThat(s.events()).extracting(FaultEvent::nemesis).containsExactly("kill", "latency", "pause", "partition");
        assertThat(s.events().get(0).params()).containsEntry("nodes", List.of("n0"));
        assertThat(s.events().get(1).params()).containsEntry("latencyMs", 100L).containsEntry("jitterMs", 20L);
        assertThat(s.events().get(2).params()).containsEntry("nodes", List.of("n1"));
        assertThat(s.events().get(3).params()).containsKey("partitions");
    }

    @Test
    void badFilesAreNamedWithTheEntry() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"faults\": [{\"nemesis\": \"kill\", \"startMs\": -1, \"durationMs\": 5}]}");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("bad.json").hasMessageContaining("fault 0")
                .hasMessageContaining("startMs");
        Files.writeString(f, "{\"faults\": [ {\"startMs\": 1");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("not a JSON schedule");
        Files.writeString(f, "{\"faults\": [{\"class\": \"x.y.NoSuchFaultSpec\", \"startMs\": 1, \"durationMs\": 1}]}");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("NoSuchFaultSpec");
        Files.writeString(f, "[]");
        assertThat(Schedule.read(f).events()).isEmpty();
    }
}
