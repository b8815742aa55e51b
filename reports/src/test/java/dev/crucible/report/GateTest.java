package dev.crucible.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.report.stats.Row;
import dev.crucible.report.stats.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateTest {
    private static Row row(String metric, String stat, double change, Verdict v) {
        return new Row("B", metric, stat, "us", 100, 100 * (1 + change), change, change - 0.01, change + 0.01, Double.NaN,
                metric.equals("throughput"), v, "");
    }

    @Test
    void onlyRegressionsPastTheirThresholdFail() {
        Gate gate = Gate.parse("p99=+10%,throughput=-5%,end-to-end.p50=+20%");
        List<String> bad = gate.offending(List.of(
                row("response", "p99", 0.12, Verdict.REGRESSION),
                row("response", "p50", 0.50, Verdict.REGRESSION),
                row("end-to-end", "p99", 0.50, Verdict.REGRESSION),
                row("end-to-end", "p50", 0.15, Verdict.REGRESSION),
                row("response", "p99.9", 0.30, Verdict.INCONCLUSIVE),
                row("throughput", "msgs/s", -0.06, Verdict.REGRESSION)));
        assertThat(bad).hasSize(2);
        assertThat(bad.get(0)).contains("response p99").contains("+12%").contains("p99=+10%");
        assertThat(bad.get(1)).contains("throughput").contains("throughput=-5%");
        assertThat(Gate.parse("*.p99=+10%").offending(List.of(row("service", "p99", 0.2, Verdict.REGRESSION)))).hasSize(1);
        assertThat(gate.offending(List.of(row("response", "p99", 0.09, Verdict.REGRESSION)))).isEmpty();
    }

    @Test
    void badSpecificationsSayWhatIsAccepted() {
        assertThatThrownBy(() -> Gate.parse("p99=10")).hasMessageContaining("NAME=+N%");
        assertThatThrownBy(() -> Gate.parse("max=+10%")).hasMessageContaining("never judged");
        assertThatThrownBy(() -> Gate.parse("p42=+10%")).hasMessageContaining("unknown statistic");
        assertThatThrownBy(() -> Gate.parse("throughput=+5%")).hasMessageContaining("drop");
        assertThatThrownBy(() -> Gate.parse("p99=-5%")).hasMessageContaining("rise");
        assertThatThrownBy(() -> Gate.parse("p99=+x%")).hasMessageContaining("not a number");
    }
}
