package dev.crucible.broker.api;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.log.Partition;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** KIP-207 on a replicated partition: "latest" is not answered while the high watermark is below the leader's epoch start. */
class ListOffsetsEpochStartTest {
    @TempDir
    Path dir;

    @Test
    void aNewLeaderBehindItsEpochStartAnswersOffsetNotAvailableUntilItsHighWatermarkGetsThere() throws Exception {
        try (TestBroker broker = new TestBroker(dir)) {
            Partition p = broker.broker().topics().create("t", 1, Map.of()).partition(0);
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Boolean> done = new CompletableFuture<>();
                p.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(("v" + i).getBytes())).buffer(),
                    r -> done.complete(r.succeeded()));
                assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(ListOffsetsHandler.behindEpochStart(p)).as("a broker alone").isFalse();
            p.replicated(true);
            p.highWatermark(1); // learnt one fetch late, as a follower
            p.becomeLeader(3); // epoch 3 begins at the log end, 2
            assertThat(ListOffsetsHandler.behindEpochStart(p)).isTrue();
            p.highWatermark(2);
            assertThat(ListOffsetsHandler.behindEpochStart(p)).isFalse();
        }
    }
}
