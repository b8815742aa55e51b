package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.load.workload.WorkloadOverrides;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate modes end to end through the coordinator, on the no-op target (no broker needed). */
class RateModesTest {

    private static JsonNode run(Path out, String rate, Duration warmup, Duration duration) throws Exception {
        StringWriter text = new StringWriter();
        int exit = new Bench(new BenchRequest(null, null, List.of("noop"), new WorkloadOverrides(duration, warmup, rate, false, null),
                List.of(), 1, out, "modes", null, Duration.ofSeconds(5), null, out), new PrintWriter(text, true)).run();
        assertThat(exit).as(text.toString()).isZero();
        try (Stream<Path> s = Files.list(out)) {
            Path dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
            return new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        }
    }

    @Test
    void searchClimbsWhileTheTargetKeepsUpAndMeasuresBelowTheBest(@TempDir Path out) throws Exception {
        JsonNode rate = run(out, "search", Duration.ofSeconds(11), Duration.ofSeconds(2)).get("rate");
        double best = rate.get("maxSustainableMsgsPerSec").asDouble();
        // The no-op target keeps up with anything: from 10,000 the search doubles at least once.
        assertThat(best).isGreaterThanOrEqualTo(19_000);
        assertThat(rate.get("targetMsgsPerSec").asDouble()).isBetween(best * 0.85, best * 0.95);
    }

    @Test
    void flatOutHasNoScheduleSoNothingIsLateAndNoRateCanBeMissed(@TempDir Path out) throws Exception {
        JsonNode run = run(out, "max", Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(run.get("rate").get("targetMsgsPerSec").asText()).isEqualTo("flat-out");
        assertThat(run.get("rate").get("missed").asBoolean()).isFalse();
        assertThat(run.get("summary").get("latencyMicros").get("send-delay").get("max").asLong()).isZero();
        assertThat(run.get("sequences").get("totals").get("lost").asLong()).isZero();
        assertThat(run.get("sequences").get("totals").get("acked").asLong()).isPositive();
    }
}
