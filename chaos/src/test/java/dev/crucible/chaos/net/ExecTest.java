package dev.crucible.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands run under a time limit, and a failure carries the command and its stderr. */
class ExecTest {

    @Test
    void aCommandThatOverrunsItsLimitIsKilled() throws IOException {
        Exec.Result result = Exec.run(List.of("sleep", "30"), null, Duration.ofMillis(200));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo("`sleep 30` timed out and was killed");
    }

    @Test
    void aFailureCarriesTheCommandAndItsStderr() {
        assertThatThrownBy(() -> Exec.check(List.of("bash", "-c", "echo no such thing >&2; exit 3")))
                .isInstanceOf(IOException.class)
                .hasMessage("`bash -c echo no such thing >&2; exit 3` failed with exit code 3: no such thing");
    }

    @Test
    void stdinAndStdoutPassThrough() throws IOException {
        assertThat(Exec.check(List.of("cat"), "a\nb\n")).isEqualTo("a\nb\n");
    }
}
