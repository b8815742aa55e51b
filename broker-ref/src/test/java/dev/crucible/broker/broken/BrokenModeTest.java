package dev.crucible.broker.broken;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.config.BrokenMode;
import dev.crucible.broker.config.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing a broken mode: off by default, only known names, documented and announced as broken. */
class BrokenModeTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerIsCorrectUnlessAModeIsNamed() {
        assertThat(BrokerConfig.fromMap(Map.of()).broken()).isEmpty();
        assertThat(BrokerConfig.fromMap(Map.of("crucible.broken", "")).broken()).isEmpty();
        assertThat(BrokerConfig.fromMap(Map.of("crucible.broken", " duplicate-offsets ")).broken())
            .contains(BrokenMode.DUPLICATE_OFFSETS);
    }

    @Test
    void namesAreTheModesInOrderAndParseBack() {
        assertThat(BrokenMode.names()).containsExactly("lose-acked-writes", "duplicate-offsets", "truncate-to-hw", "ack-on-leader",
            "shrink-before-commit");
        for (BrokenMode mode : BrokenMode.values()) {
            assertThat(BrokenMode.parse(mode.modeName())).isSameAs(mode);
        }
    }

    @Test
    void anUnknownModeIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> BrokerConfig.fromMap(Map.of("crucible.broken", "lose-some-writes")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("crucible.broken: unknown broken mode 'lose-some-writes'; valid modes: lose-acked-writes, duplicate-offsets,"
                + " truncate-to-hw, ack-on-leader, shrink-before-commit");
        assertThatThrownBy(() -> BrokenMode.parse("LOSE_ACKED_WRITES")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("lose-acked-writes, duplicate-offsets");
    }

    @Test
    void theKeyIsDocumentedAsForTestingTheHarnessOnly() {
        String doc = BrokerConfig.KEYS.get("crucible.broken")[1];
        assertThat(doc).contains("FOR TESTING THE CHAOS HARNESS ONLY").contains("never for real data")
            .contains("lose-acked-writes").contains("duplicate-offsets");
    }

    @Test
    void aBrokenBrokerSaysSoOnStandardErrorWhenItStarts() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TestBroker broker = new TestBroker(dir, Map.of("crucible.broken", "lose-acked-writes"))) {
            assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("listening on 127.0.0.1:" + broker.port())
                .contains("BROKEN MODE lose-acked-writes: this broker is wrong on purpose")
                .contains("Never use it for real data.")
                .containsPattern("listening on .*, BROKEN MODE lose-acked-writes");
        } finally {
            System.setErr(original);
        }
    }
}
