package dev.crucible.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.report.stats.Rules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code crucible report}'s options as typed, checked into the job's settings. */
class ReportOptionsTest {

    private static ReportOptions options(String minEffect, int replicates, String hlogUnit, String hgrmUnit) {
        return new ReportOptions(List.of("run"), null, null, null, minEffect, replicates, 7, hlogUnit, hgrmUnit);
    }

    private static ReportOptions defaults() {
        return new ReportOptions(List.of("run"), null, null, null, ReportOptions.DEFAULT_MIN_EFFECT,
                Integer.parseInt(ReportOptions.DEFAULT_REPLICATES), Long.parseLong(ReportOptions.DEFAULT_SEED),
                ReportOptions.DEFAULT_HLOG_UNIT, ReportOptions.DEFAULT_HGRM_UNIT);
    }

    @Test
    void theDeclaredDefaultsAreTheRulesAndUnitsBenchReportsWith() {
        ReportJob.Settings s = defaults().settings();

        assertThat(s.rules()).isEqualTo(Rules.defaults());
        assertThat(s.hlogToMicros()).isEqualTo(1.0);
        assertThat(s.hgrmToMicros()).isEqualTo(1000.0);
    }

    @Test
    void minEffectIsAPercentageOrAFraction() {
        assertThat(options("7%", 500, "us", "ms").settings().rules().minEffect()).isEqualTo(0.07);
        assertThat(options(" 0.2 ", 500, "us", "ms").settings().rules().minEffect()).isEqualTo(0.2);
        assertThat(options("0%", 500, "us", "ms").settings().rules().minEffect()).isZero();
    }

    @Test
    void theOtherKnobsPassThroughWithTheFixedConfidenceAndTail() {
        ReportJob.Settings s = options("5%", 50, "ns", "s").settings();

        assertThat(s.rules()).isEqualTo(new Rules(0.05, 0.95, 50, 7, 100));
        assertThat(s.hlogToMicros()).isEqualTo(0.001);
        assertThat(s.hgrmToMicros()).isEqualTo(1_000_000.0);
        assertThat(s.inputs()).containsExactly("run");
    }

    @Test
    void aBadValueIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> options("abc", 500, "us", "ms").settings())
                .hasMessage("--min-effect: 'abc' is not a percentage (e.g. 5%)");
        assertThatThrownBy(() -> options("100%", 500, "us", "ms").settings())
                .hasMessage("--min-effect must be between 0% and 100%, not 100%");
        assertThatThrownBy(() -> options("-1%", 500, "us", "ms").settings())
                .hasMessage("--min-effect must be between 0% and 100%, not -1%");
        assertThatThrownBy(() -> options("5%", 49, "us", "ms").settings())
                .hasMessage("--replicates must be at least 50");
        assertThatThrownBy(() -> options("5%", 500, "weeks", "ms").settings())
                .hasMessage("unknown time unit 'weeks' (ns, us, ms or s)");
    }

    @Test
    void aBadOptionEndsTheJobWithExitTwoBeforeAnyInputIsRead() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = ReportJob.run(options("5%", 10, "us", "ms"), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).isEqualTo(ReportJob.EXIT_BAD_INPUT);
        assertThat(err.toString()).isEqualTo("crucible report: --replicates must be at least 50" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }
}
