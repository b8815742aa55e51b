package dev.crucible.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's --target forms: which are accepted, and what a target Crucible does not launch is. */
class TargetsTest {
    @TempDir Path dir;

    @Test
    void acceptedFormsPassAndOthersAreNamedInTheError() {
        for (String ok : List.of("embedded", "noop", "kafka:4.3.1", "bootstrap:h:1", "bootstrap:a:1,b:2")) {
            Targets.check(ok);
        }
        for (String bad : List.of("kafka:", "zookeeper:1.0", "bootstrap:h", "bootstrap:h:1,")) {
            assertThatThrownBy(() -> Targets.check(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--target " + bad + ": use embedded, kafka:VERSION");
        }
    }

    @Test
    void aBootstrapTargetIsNamedNotLaunched() throws Exception {
        try (LaunchedTarget t = Targets.launch("bootstrap:h:1,g:2", null, dir, dir, new PrintWriter(new StringWriter()))) {
            assertThat(t.kind()).isEqualTo("bootstrap");
            assertThat(t.version()).isEqualTo("unknown");
            assertThat(t.bootstrap()).isEqualTo("h:1,g:2");
            assertThat(t.pids()).isEmpty();
            assertThat(t.cpuNanos()).isEqualTo(-1);
        }
        try (LaunchedTarget t = Targets.launch("noop", null, dir, dir, new PrintWriter(new StringWriter()))) {
            assertThat(t.bootstrap()).isNull();
        }
    }

    @Test
    void theEmbeddedBrokerNeedsACommand() {
        assertThatThrownBy(() -> Targets.launch("embedded", null, dir, dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command given");
    }
}
