package dev.crucible.broker.producer;

import dev.crucible.io.AppendRefusedException;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.LogConfig;
import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka's idempotent-producer rules, appended through a real log and its writer thread. */
class PartitionAdmissionTest {
    static final long PID = 4242;
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private GroupCommitWriter writer;
    private Log log;
    private PartitionAdmission admission;

    @BeforeEach
    void open() throws Exception {
        clock.update(1_700_000_000_000L);
        writer = GroupCommitWriter.start();
        reopen(false);
    }

    private void reopen(boolean logAppendTime) throws Exception {
        if (log != null) {
            log.close();
        }
        log = Log.open(dir.resolve("p-0"), LogConfig.DEFAULT, writer);
        admission = new PartitionAdmission(ProducerStateTable.rebuild(log), logAppendTime, clock);
    }

    @AfterEach
    void close() {
        log.close();
        writer.close();
    }

    static ByteBuffer batch(long pid, short epoch, int seq, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1000L + i, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer heap = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, seq, records).buffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap.duplicate()).flip();
        return direct;
    }

    private AppendRequest append(ByteBuffer batches) throws Exception {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        log.append(new AppendRequest().batches(batches).admission(admission).callback(done::complete));
        return done.get();
    }

    private static short errorOf(AppendRequest r) {
        assertThat(r.error()).isInstanceOf(AppendRefusedException.class);
        return (short) ((AppendRefusedException) r.error()).reason();
    }

    private List<String> stored() throws Exception {
        List<String> out = new ArrayList<>();
        FetchSlice slice = new FetchSlice();
        long offset = 0;
        while (offset < log.logEndOffset()) {
            log.read(offset, 1 << 20, slice);
            ByteBuffer bytes = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
            for (RecordBatch b : MemoryRecords.readableRecords(bytes).batches()) {
                b.ensureValid();
                for (Record r : b) {
                    out.add(r.offset() + ":" + StandardCharsets.UTF_8.decode(r.value()));
                }
            }
            offset = slice.nextOffset();
        }
        return out;
    }

    @Test
    void aRetriedBatchGetsItsOriginalOffsetsAndIsStoredOnce() throws Exception {
        assertThat(append(batch(PID, (short) 0, 0, "a", "b")).baseOffset()).isEqualTo(0);
        assertThat(append(batch(PID, (short) 0, 2, "c")).baseOffset()).isEqualTo(2);
        AppendRequest retry = append(batch(PID, (short) 0, 0, "a", "b"));
        assertThat(retry.succeeded()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(0);
        assertThat(retry.lastOffset()).isEqualTo(1);
        assertThat(append(batch(PID, (short) 0, 3, "d")).baseOffset()).isEqualTo(3);
        assertThat(stored()).containsExactly("0:a", "1:b", "2:c", "3:d");
    }

    @Test
    void aGapIsOutOfOrderAndNothingIsWritten() throws Exception {
        append(batch(PID, (short) 0, 0, "a"));
        assertThat(errorOf(append(batch(PID, (short) 0, 2, "gap")))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(append(batch(PID, (short) 0, 1, "b")).baseOffset()).isEqualTo(1);
        assertThat(stored()).containsExactly("0:a", "1:b");
    }

    @Test
    void epochsFenceOlderProducersAndANewEpochStartsAtZero() throws Exception {
        append(batch(PID, (short) 1, 0, "a"));
        assertThat(errorOf(append(batch(PID, (short) 0, 1, "old")))).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(errorOf(append(batch(PID, (short) 2, 5, "bad")))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(append(batch(PID, (short) 2, 0, "new")).succeeded()).isTrue();
        assertThat(stored()).containsExactly("0:a", "1:new");
    }

    @Test
    void sequencesWrapAfterIntegerMaxValue() throws Exception {
        append(batch(PID, (short) 0, Integer.MAX_VALUE - 1, "a", "b"));
        assertThat(append(batch(PID, (short) 0, 0, "c")).succeeded()).isTrue();
        assertThat(errorOf(append(batch(PID, (short) 0, 2, "gap")))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(stored()).containsExactly("0:a", "1:b", "2:c");
    }

    @Test
    void transactionalBatchesAreRefusedAndTheLogIsUnchanged() throws Exception {
        append(batch(PID, (short) 0, 0, "a"));
        ByteBuffer heap = MemoryRecords.withTransactionalRecords(Compression.NONE, 77L, (short) 0, 0,
            new SimpleRecord("t".getBytes(StandardCharsets.UTF_8))).buffer();
        ByteBuffer txn = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
        assertThat(errorOf(append(txn))).isEqualTo(Errors.INVALID_RECORD.code());
        assertThat(stored()).containsExactly("0:a");
    }

    @Test
    void stateIsRebuiltFromTheLogAfterAReopen() throws Exception {
        for (int i = 0; i < 8; i++) {
            append(batch(PID, (short) 3, i, "v" + i));
        }
        reopen(false);
        AppendRequest retry = append(batch(PID, (short) 3, 7, "v7"));
        assertThat(retry.succeeded()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(7);
        assertThat(errorOf(append(batch(PID, (short) 3, 9, "gap")))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(errorOf(append(batch(PID, (short) 2, 8, "old")))).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(append(batch(PID, (short) 3, 8, "v8")).baseOffset()).isEqualTo(8);
        assertThat(stored()).hasSize(9);
    }

    @Test
    void logAppendTimeStampsTheBatchAndKeepsItValid() throws Exception {
        reopen(true);
        clock.update(1_800_000_000_000L);
        append(batch(PID, (short) 0, 0, "a", "b"));
        FetchSlice slice = new FetchSlice();
        log.read(0, 1 << 20, slice);
        ByteBuffer bytes = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
        RecordBatch b = MemoryRecords.readableRecords(bytes).batches().iterator().next();
        b.ensureValid();
        assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(b.maxTimestamp()).isEqualTo(1_800_000_000_000L);
    }

    @Test
    void producerIdsAreNeverReusedAcrossReopensAndAGarbledFileFailsLoudly() throws Exception {
        ProducerIdManager first = ProducerIdManager.open(dir);
        long a = first.nextId();
        long b = first.nextId();
        ProducerIdManager second = ProducerIdManager.open(dir);
        long c = second.nextId();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
        assertThat(c).isGreaterThan(b);
        Files.writeString(dir.resolve(ProducerIdManager.FILE), "next.block=banana\n");
        assertThatThrownBy(() -> ProducerIdManager.open(dir)).hasMessageContaining("garbled");
    }
}
