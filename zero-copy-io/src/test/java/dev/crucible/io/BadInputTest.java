package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadInputTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void wrongCrcIsRefusedAndLeavesTheLogUnchanged() throws Exception {
        assertRefused(b -> b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 0x01)), "CRC32C mismatch");
    }

    @Test
    void wrongMagicIsRefused() throws Exception {
        assertRefused(b -> b.put(RecordBatch.MAGIC_OFFSET, (byte) 1), "unsupported magic 1");
    }

    @Test
    void lengthLongerThanTheDataIsRefused() throws Exception {
        assertRefused(b -> b.putInt(RecordBatch.LENGTH_OFFSET, b.getInt(RecordBatch.LENGTH_OFFSET) + 1), "runs past the end");
    }

    @Test
    void lengthShorterThanAHeaderIsRefused() throws Exception {
        assertRefused(b -> b.putInt(RecordBatch.LENGTH_OFFSET, 10), "below the minimum");
    }

    @Test
    void trailingGarbageAfterAValidBatchIsRefused() throws Exception {
        ByteBuffer good = Batches.batch(1, "x");
        ByteBuffer withTail = Batches.concat(good, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertRefusedBuffer(withTail, "truncated");
    }

    @Test
    void oversizedBatchIsRefused() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withMaxBatchBytes(200), writer)) {
            log.appendAsync(Batches.batch(1, "ok")).get();
            Map<String, String> before = TestLogs.fingerprint(dir);
            assertThatThrownBy(() -> log.appendAsync(Batches.batchOfSize(1, 500, (byte) 7)).get())
                .cause().isInstanceOf(InvalidBatchException.class).hasMessageContaining("exceeds the limit");
            assertThat(TestLogs.fingerprint(dir)).isEqualTo(before);
        }
    }

    @Test
    void oneBadBatchRefusesTheWholeAppendButNotItsNeighbours() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer bad = Batches.batch(1, "bad");
            bad.put(RecordBatch.ATTRIBUTES_OFFSET + 5, (byte) 0x7f);
            ByteBuffer mixed = Batches.concat(Batches.batch(1, "good-in-bad-append"), bad);
            var refused = log.appendAsync(mixed);
            var accepted = log.appendAsync(Batches.batch(1, "fine"));
            assertThatThrownBy(refused::get).cause().isInstanceOf(InvalidBatchException.class);
            assertThat(accepted.get().baseOffset()).isZero();
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:fine");
        }
    }

    /** Random corruption of any byte covered by the CRC, or of the magic, is always caught (seeded). */
    @Test
    void everySingleByteCorruptionIsCaught() throws Exception {
        Random random = new Random(20261122);
        ByteBuffer original = Batches.batch(1, "alpha", "beta", "gamma");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        for (int position = RecordBatch.MAGIC_OFFSET; position < original.limit(); position++) {
            if (position >= RecordBatch.CRC_OFFSET && position < RecordBatch.ATTRIBUTES_OFFSET) {
                continue;
            }
            ByteBuffer copy = Batches.concat(original);
            byte flip = (byte) (1 + random.nextInt(255));
            copy.put(position, (byte) (copy.get(position) ^ flip));
            int at = position;
            assertThatThrownBy(() -> RecordBatch.validate(crc, copy, 0, copy.limit(), Integer.MAX_VALUE))
                .as("corruption at byte %d", at).isInstanceOf(InvalidBatchException.class);
        }
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            ByteBuffer buffer = ByteBuffer.wrap(noise);
            assertThatThrownBy(() -> RecordBatch.validate(crc, buffer, 0, buffer.limit(), 1 << 20))
                .isInstanceOf(InvalidBatchException.class);
        }
    }

    @Test
    void anAppendWhoseCrcTheCallerCheckedStillHasItsHeaderChecked() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer lying = Batches.batch(1, "a", "b");
            lying.putInt(RecordBatch.LENGTH_OFFSET, lying.getInt(RecordBatch.LENGTH_OFFSET) + 1);
            assertThat(appendChecked(log, lying).error()).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("runs past the end");

            AppendRequest good = appendChecked(log, Batches.batch(1, "c"));
            assertThat(good.succeeded()).isTrue();
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:c");
        }
    }

    private static AppendRequest appendChecked(Log log, ByteBuffer batches) throws Exception {
        java.util.concurrent.CompletableFuture<AppendRequest> done = new java.util.concurrent.CompletableFuture<>();
        log.append(new AppendRequest().batches(batches).crcChecked(true).callback(done::complete));
        return done.get();
    }

    private void assertRefused(Consumer<ByteBuffer> corruption, String message) throws Exception {
        ByteBuffer batch = Batches.batch(1, "corrupt-me", "and-me");
        corruption.accept(batch);
        assertRefusedBuffer(batch, message);
    }

    private void assertRefusedBuffer(ByteBuffer batch, String message) throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            log.appendAsync(Batches.batch(1, "before")).get();
            Map<String, String> before = TestLogs.fingerprint(dir);
            ByteBuffer copy = Batches.concat(batch);
            assertThatThrownBy(() -> log.appendAsync(batch).get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidBatchException.class).hasMessageContaining(message);
            assertThat(batch).as("the refused buffer is untouched").isEqualTo(copy);
            assertThat(TestLogs.fingerprint(dir)).isEqualTo(before);
            assertThat(log.logEndOffset()).isEqualTo(1);
            assertThat(log.appendAsync(Batches.batch(1, "after")).get().baseOffset()).isEqualTo(1);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:before", "1:after");
        }
    }
}
