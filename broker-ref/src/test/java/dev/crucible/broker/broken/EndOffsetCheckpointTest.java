package dev.crucible.broker.broken;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndOffsetCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void entriesRoundTripInTheDocumentedText() throws Exception {
        Path file = dir.resolve(LoseAckedWrites.CHECKPOINT_FILE);
        EndOffsetCheckpoint.write(file, Map.of("orders-1", 7L, "orders-0", 120L, "a.b_c-d-3", 0L));

        assertThat(Files.readString(file)).isEqualTo("0\n3\na.b_c-d-3 0\norders-0 120\norders-1 7\n");
        assertThat(EndOffsetCheckpoint.read(file)).containsExactly(
            Map.entry("a.b_c-d-3", 0L), Map.entry("orders-0", 120L), Map.entry("orders-1", 7L));
    }

    @Test
    void noFileMeansNoEntries() throws Exception {
        assertThat(EndOffsetCheckpoint.read(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void aDamagedFileIsRefusedNotGuessed() throws Exception {
        Path file = dir.resolve("damaged");
        for (String text : new String[] {"", "1\n0\n", "0\n2\nt-0 5\n", "0\n1\nt-0 five\n", "0\n1\nt-0 -1\n", "0\n1\n 5\n"}) {
            Files.writeString(file, text);
            assertThatThrownBy(() -> EndOffsetCheckpoint.read(file)).as("%s", text).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a lose-acked-writes checkpoint");
        }
    }
}
