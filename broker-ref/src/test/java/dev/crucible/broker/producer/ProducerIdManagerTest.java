package dev.crucible.broker.producer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producer ids are unique within a run, across restarts, and never guessed from a damaged file. */
class ProducerIdManagerTest {
    @TempDir
    Path dir;

    private static List<Long> take(ProducerIdManager ids, int n) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ids.nextProducerId());
        }
        return out;
    }

    @Test
    void idsAreNeverHandedOutTwiceAcrossRestarts() throws Exception {
        Set<Long> seen = new HashSet<>();
        for (int run = 0; run < 5; run++) {
            ProducerIdManager ids = ProducerIdManager.open(dir, 10);
            for (long id : take(ids, 25)) {
                assertThat(seen.add(id)).as("id %d handed out twice (run %d)", id, run).isTrue();
                assertThat(id).isLessThan(ids.reservedEnd());
            }
        }
        assertThat(seen).hasSize(125);
    }

    @Test
    void aRestartSkipsTheRestOfTheReservedBlock() throws Exception {
        ProducerIdManager first = ProducerIdManager.open(dir, 1000);
        assertThat(take(first, 3)).containsExactly(0L, 1L, 2L);
        assertThat(first.reservedEnd()).isEqualTo(1000);

        ProducerIdManager second = ProducerIdManager.open(dir, 1000);
        assertThat(second.nextProducerId()).isEqualTo(1000);
        assertThat(second.reservedEnd()).isEqualTo(2000);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ProducerIdFile.NAME);
        }
    }

    @Test
    void theFileIsWrittenOncePerBlock() throws Exception {
        ProducerIdManager ids = ProducerIdManager.open(dir, 100);
        take(ids, 1);
        byte[] content = Files.readAllBytes(ids.file());
        take(ids, 99);
        assertThat(Files.readAllBytes(ids.file())).isEqualTo(content);
        assertThat(ProducerIdFile.decode(ids.file(), content)).isEqualTo(100);
        take(ids, 1);
        assertThat(ProducerIdFile.decode(ids.file(), Files.readAllBytes(ids.file()))).isEqualTo(200);
    }

    @Test
    void concurrentCallersNeverGetTheSameId() throws Exception {
        ProducerIdManager ids = ProducerIdManager.open(dir, 50);
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Long>> task = () -> take(ids, perThread);
                results.add(pool.submit(task));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            assertThat(all).hasSize(threads * perThread);
            assertThat(ids.reservedEnd()).isGreaterThanOrEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ProducerIdManager.open(dir, 50).nextProducerId()).isGreaterThanOrEqualTo(threads * perThread);
    }

    @Test
    void aGarbledFileFailsLoudlyInsteadOfStartingOver() throws Exception {
        ProducerIdManager ids = ProducerIdManager.open(dir, 10);
        take(ids, 15);
        Path file = ids.file();
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[10] ^= 0x01;
        assertCorrupt(file, flipped, "CRC32C");
        assertCorrupt(file, new byte[0], "0 bytes");
        assertCorrupt(file, java.util.Arrays.copyOf(good, 10), "10 bytes");
        assertCorrupt(file, "next=20\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "bytes");
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        assertCorrupt(file, badMagic, "magic");
        byte[] future = good.clone();
        ByteBuffer.wrap(future).putShort(4, (short) 9);
        assertCorrupt(file, future, "version");

        Files.write(file, good);
        assertThat(ProducerIdManager.open(dir, 10).nextProducerId()).isEqualTo(20);
    }

    private void assertCorrupt(Path file, byte[] content, String defect) throws Exception {
        Files.write(file, content);
        assertThatThrownBy(() -> ProducerIdManager.open(dir, 10))
            .isInstanceOf(CorruptProducerIdFileException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining(defect);
    }

    @Test
    void aTornTemporaryFileFromACrashIsIgnored() throws Exception {
        take(ProducerIdManager.open(dir, 10), 1);
        Files.write(dir.resolve(ProducerIdFile.NAME + ".tmp"), new byte[] {1, 2, 3});
        ProducerIdManager reopened = ProducerIdManager.open(dir, 10);
        assertThat(reopened.nextProducerId()).isEqualTo(10);
        assertThat(Files.exists(dir.resolve(ProducerIdFile.NAME + ".tmp"))).isFalse();
    }
}
