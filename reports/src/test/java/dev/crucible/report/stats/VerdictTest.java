package dev.crucible.report.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Rules RULES = Rules.defaults();

    private static Map<String, Row> rows(List<Run> base, List<Run> cand) {
        return RunComparison.compare("B", base, cand, RULES).stream()
                .filter(r -> r.metric().equals("response"))
                .collect(Collectors.toMap(Row::statistic, r -> r));
    }

    @Test
    void aTenPercentShiftIsARegressionAtEveryJudgedPercentile() {
        Map<String, Row> rows = rows(List.of(Synthetic.run("a", "A", 1, 60, 5000, 1.0)),
                List.of(Synthetic.run("b", "B", 2, 60, 5000, 1.10)));
        for (String p : List.of("p50", "p90", "p99")) {
            assertThat(rows.get(p).verdict()).as(p + ": " + rows.get(p)).isEqualTo(Verdict.REGRESSION);
            assertThat(rows.get(p).change()).isBetween(0.05, 0.15);
            assertThat(rows.get(p).low()).isGreaterThan(0);
        }
        assertThat(rows.get("max").verdict()).isEqualTo(Verdict.NOT_JUDGED);
    }

    @Test
    void aTenPercentDropIsAnImprovement() {
        Map<String, Row> rows = rows(List.of(Synthetic.run("a", "A", 3, 60, 5000, 1.0)),
                List.of(Synthetic.run("b", "B", 4, 60, 5000, 0.90)));
        assertThat(rows.get("p50").verdict()).isEqualTo(Verdict.IMPROVEMENT);
        assertThat(rows.get("p99").verdict()).isEqualTo(Verdict.IMPROVEMENT);
    }

    @Test
    void anAaPairIsNeverFlagged() {
        for (long seed = 10; seed < 16; seed++) {
            Map<String, Row> rows = rows(List.of(Synthetic.run("a", "A", seed, 60, 5000, 1.0)),
                    List.of(Synthetic.run("b", "B", seed + 100, 60, 5000, 1.0)));
            rows.values().forEach(r -> assertThat(r.verdict()).as(r.toString())
                    .isIn(Verdict.NO_CHANGE, Verdict.NOT_JUDGED, Verdict.INCONCLUSIVE));
            assertThat(rows.get("p50").verdict()).isEqualTo(Verdict.NO_CHANGE);
        }
    }

    @Test
    void aOnePercentShiftWithinNoiseIsNoChange() {
        List<Run> base = List.of(Synthetic.run("a1", "A", 21, 60, 5000, 1.0), Synthetic.run("a2", "A", 22, 60, 5000, 1.0));
        List<Run> cand = List.of(Synthetic.run("b1", "B", 23, 60, 5000, 1.01), Synthetic.run("b2", "B", 24, 60, 5000, 1.01));
        Map<String, Row> rows = rows(base, cand);
        for (String p : List.of("p50", "p90", "p99")) {
            assertThat(rows.get(p).verdict()).as(rows.get(p).toString()).isEqualTo(Verdict.NO_CHANGE);
            assertThat(rows.get(p).noise()).isFinite();
        }
    }

    @Test
    void tooFewSamplesBeyondAPercentileIsInconclusive() {
        // 30 s x 2,000 = 60,000 samples: 600 beyond p99 (judged), 60 beyond p99.9 (not enough).
        Map<String, Row> rows = rows(List.of(Synthetic.run("a", "A", 31, 30, 2000, 1.0)),
                List.of(Synthetic.run("b", "B", 32, 30, 2000, 1.5)));
        assertThat(rows.get("p99").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(rows.get("p99.9").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(rows.get("p99.9").reason()).contains("too few samples", "100000");
        assertThat(rows.get("p99.99").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void anIncompleteRunOrAMissedRateMakesEveryRowInconclusive() {
        Run ok = Synthetic.run("a", "A", 41, 30, 5000, 1.0);
        Run b = Synthetic.run("b", "B", 42, 30, 5000, 1.5);
        Run missed = new Run(b.id(), b.label(), b.source(), b.format(), b.metrics(), b.rates(), 0, List.of(),
                new Validity(true, null, true, 5000.0, 3000.0, 0L, 0L, 0L, 0L), Map.of());
        List<Row> rows = RunComparison.compare("B", List.of(ok), List.of(missed), RULES);
        assertThat(rows).allSatisfy(r -> assertThat(r.verdict()).isIn(Verdict.INCONCLUSIVE, Verdict.NOT_JUDGED));
        assertThat(rows.get(0).reason()).contains("missed its target rate");
    }

    @Test
    void throughputDropIsARegressionAndSameRateIsNoChange() {
        List<Row> rows = RunComparison.compare("B", List.of(Synthetic.run("a", "A", 51, 30, 5000, 1.0)),
                List.of(Synthetic.run("b", "B", 52, 30, 5000, 1.0)), RULES);
        Row tp = rows.get(rows.size() - 1);
        assertThat(tp.metric()).isEqualTo("throughput");
        assertThat(tp.verdict()).isEqualTo(Verdict.NO_CHANGE);
    }
}
