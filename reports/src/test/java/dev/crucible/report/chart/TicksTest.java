package dev.crucible.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicksTest {

    private static List<String> labels(double min, double max) {
        double step = Ticks.step(min, max);
        return Arrays.stream(Ticks.linear(min, max)).mapToObj(v -> Ticks.format(v, step)).toList();
    }

    @Test
    void zeroToOneStepsByFifths() {
        assertThat(Ticks.step(0, 1)).isEqualTo(0.2);
        assertThat(Ticks.linear(0, 1)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
        assertThat(labels(0, 1)).containsExactly("0", "0.2", "0.4", "0.6", "0.8", "1");
    }

    @Test
    void zeroToSevenPointThreeStepsByOnes() {
        assertThat(Ticks.step(0, 7.3)).isEqualTo(1);
        assertThat(Ticks.linear(0, 7.3)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void anEmptyRangeIsWidenedAroundTheValue() {
        double[] ticks = Ticks.linear(3, 3);
        assertThat(ticks).contains(3.0).hasSizeBetween(5, 8);
        assertThat(ticks[0]).isLessThan(3);
        assertThat(ticks[ticks.length - 1]).isGreaterThan(3);
        assertThat(labels(3, 3)).containsExactly("2", "2.5", "3", "3.5", "4");
        assertThat(Ticks.linear(0, 0)).contains(0.0).hasSizeBetween(5, 8);
    }

    @Test
    void largeRangesUseThousandsSuffixes() {
        assertThat(Ticks.step(0, 123456)).isEqualTo(20000);
        assertThat(labels(0, 123456)).containsExactly("0", "20k", "40k", "60k", "80k", "100k", "120k");
        assertThat(labels(0, 7_300_000)).containsExactly("0", "1M", "2M", "3M", "4M", "5M", "6M", "7M");
    }

    @Test
    void tinyRangesHaveExactDecimals() {
        assertThat(Ticks.step(1e-3, 2e-3)).isEqualTo(2e-4);
        assertThat(Ticks.linear(1e-3, 2e-3)).containsExactly(0.001, 0.0012, 0.0014, 0.0016, 0.0018, 0.002);
        assertThat(labels(1e-3, 2e-3)).containsExactly("0.001", "0.0012", "0.0014", "0.0016", "0.0018", "0.002");
        assertThat(labels(1e-6, 2e-6)).containsExactly("1e-6", "1.2e-6", "1.4e-6", "1.6e-6", "1.8e-6", "2e-6");
    }

    @Test
    void reversedEndsAreOrdered() {
        assertThat(Ticks.linear(1, 0)).containsExactly(Ticks.linear(0, 1));
    }

    @Test
    void nonFiniteEndsGiveNoTicks() {
        assertThat(Ticks.linear(Double.NaN, 1)).isEmpty();
        assertThat(Ticks.linear(0, Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(Ticks.step(Double.NaN, 1)).isNaN();
    }

    @Test
    void randomRangesGetAboutFiveToEightCleanDistinctTicks() {
        Random random = new Random(1);
        int inFiveToEight = 0;
        int ranges = 5000;
        for (int i = 0; i < ranges; i++) {
            double scale = Math.pow(10, random.nextInt(24) - 12);
            double a = (random.nextDouble() * 2 - 1) * scale * 100;
            double b = a + random.nextDouble() * scale * 50 + scale * 1e-3;
            double[] ticks = Ticks.linear(a, b);
            // 1-2-2.5-5 steps cannot always land in 5..8 (21 wide: 9 ticks at 2.5, 4 at 5), but nearly always do.
            assertThat(ticks.length).as("ticks of %s..%s", a, b).isBetween(4, 9);
            if (ticks.length >= 5 && ticks.length <= 8) {
                inFiveToEight++;
            }
            double step = Ticks.step(a, b);
            Set<String> seen = new HashSet<>();
            for (double t : ticks) {
                assertThat(t).isBetween(a - step * 1e-6, b + step * 1e-6);
                String label = Ticks.format(t, step);
                assertThat(label).as("label of %s on step %s", t, step)
                        .doesNotContain("00000", "99999", "E").hasSizeLessThanOrEqualTo(14);
                assertThat(seen.add(label)).as("duplicate label %s in %s..%s", label, a, b).isTrue();
            }
            for (int k = 1; k < ticks.length; k++) {
                assertThat(ticks[k] - ticks[k - 1]).isCloseTo(step, within(step * 1e-6));
            }
        }
        assertThat(inFiveToEight).isGreaterThan(ranges * 9 / 10);
    }

    @Test
    void compactFormatting() {
        assertThat(Ticks.format(0)).isEqualTo("0");
        assertThat(Ticks.format(-0.0)).isEqualTo("0");
        assertThat(Ticks.format(0.5)).isEqualTo("0.5");
        assertThat(Ticks.format(1)).isEqualTo("1");
        assertThat(Ticks.format(2.5)).isEqualTo("2.5");
        assertThat(Ticks.format(10)).isEqualTo("10");
        assertThat(Ticks.format(999)).isEqualTo("999");
        assertThat(Ticks.format(1000)).isEqualTo("1k");
        assertThat(Ticks.format(20_000)).isEqualTo("20k");
        assertThat(Ticks.format(1_500_000)).isEqualTo("1.5M");
        assertThat(Ticks.format(1_234_567)).isEqualTo("1.235M");
        assertThat(Ticks.format(3e9)).isEqualTo("3G");
        assertThat(Ticks.format(4.2e12)).isEqualTo("4.2T");
        assertThat(Ticks.format(2.5e15)).isEqualTo("2.5e15");
        assertThat(Ticks.format(-2500)).isEqualTo("-2.5k");
        assertThat(Ticks.format(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Ticks.format(1.0000000002)).isEqualTo("1");
        assertThat(Ticks.format(0.0001)).isEqualTo("0.0001");
        assertThat(Ticks.format(0.00001)).isEqualTo("1e-5");
        assertThat(Ticks.format(Double.NaN)).isEqualTo("NaN");
        assertThat(Ticks.format(Double.NEGATIVE_INFINITY)).isEqualTo("-∞");
    }

    @Test
    void tickFormattingKeepsTheDigitsTheStepNeeds() {
        assertThat(Ticks.format(0.30000000000000004, 0.1)).isEqualTo("0.3");
        assertThat(Ticks.format(1_000_200, 200)).isEqualTo("1.0002M");
        assertThat(Ticks.format(7.5, 2.5)).isEqualTo("7.5");
        assertThat(Ticks.format(1250, 250)).isEqualTo("1.25k");
        assertThat(Ticks.format(120_000, 20_000)).isEqualTo("120k");
    }

    @Test
    void logTicksAreDecades() {
        assertThat(Ticks.log10(1, 1e5)).containsExactly(1, 10, 100, 1e3, 1e4, 1e5);
        assertThat(Ticks.log10(0.5, 20)).containsExactly(0.1, 1, 10, 100);
        assertThat(Ticks.log10(3, 7)).containsExactly(1, 2, 5, 10);
        assertThat(Ticks.log10(2, 50)).containsExactly(1, 2, 5, 10, 20, 50, 100);
        double[] wide = Ticks.log10(1e-9, 1e9);
        assertThat(wide).hasSizeBetween(5, 9).contains(1e-9, 1e-3, 1, 1e3, 1e9);
        assertThat(Arrays.stream(wide).mapToObj(Ticks::format).toList())
                .contains("1e-9", "0.001", "1", "1k", "1M", "1G");
        assertThat(Ticks.log10(0, 10)).isEmpty();
    }

    @Test
    void ninesTicksGoToTheFirstNineAtOrAboveTheMaximum() {
        assertThat(Ticks.nines(99.95)).containsExactly(0, 90, 99, 99.9, 99.99);
        assertThat(Ticks.nines(99.9)).containsExactly(0, 90, 99, 99.9);
        assertThat(Ticks.nines(50)).containsExactly(0, 90);
        assertThat(Arrays.stream(Ticks.nines(99.9999)).mapToObj(Ticks::percentile).toList())
                .containsExactly("0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%");
    }
}
