package dev.crucible.broker.net;

import dev.crucible.broker.TestBroker;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A produce retried across a broker restart is answered with its original offset and stored once. */
class IdempotentRetryTest {
    @TempDir
    Path dir;

    static MemoryRecords idempotent(long pid, int seq, String value) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, seq,
            new SimpleRecord(value.getBytes(StandardCharsets.UTF_8)));
    }

    static ProduceResponseData.PartitionProduceResponse produce(RawClient c, MemoryRecords records) throws Exception {
        return c.call(ApiKeys.PRODUCE, BadInputTest.PRODUCE_V, BadInputTest.produce("idem", records), new ProduceResponseData())
            .responses().iterator().next().partitionResponses().get(0);
    }

    @Test
    void aRetryAfterARestartGetsTheOriginalOffsetAndNoSecondCopy() throws Exception {
        try (TestBroker broker = new TestBroker(dir, java.util.Map.of("auto.create.topics.enable", "true"))) {
            long pid;
            try (RawClient c = new RawClient(broker.port())) {
                var create = new org.apache.kafka.common.message.CreateTopicsRequestData();
                create.topics().add(new org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic()
                    .setName("idem").setNumPartitions(1).setReplicationFactor((short) 1));
                c.call(ApiKeys.CREATE_TOPICS, (short) 7, create, new org.apache.kafka.common.message.CreateTopicsResponseData());
                pid = c.call(ApiKeys.INIT_PRODUCER_ID, (short) 4, new InitProducerIdRequestData().setTransactionalId(null)
                    .setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1),
                    new InitProducerIdResponseData()).producerId();
                assertThat(pid).isNotNegative();
                assertThat(produce(c, idempotent(pid, 0, "x")).baseOffset()).isEqualTo(0);
                assertThat(produce(c, idempotent(pid, 1, "y")).baseOffset()).isEqualTo(1);
            }
            broker.restart();
            try (RawClient c = new RawClient(broker.port())) {
                ProduceResponseData.PartitionProduceResponse retry = produce(c, idempotent(pid, 1, "y"));
                assertThat(retry.errorCode()).isZero();
                assertThat(retry.baseOffset()).as("the original offset").isEqualTo(1);
                assertThat(produce(c, idempotent(pid, 3, "gap")).errorCode())
                    .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
                assertThat(produce(c, idempotent(pid, 2, "z")).baseOffset()).isEqualTo(2);
                assertThat(BadInputTest.readAll(c, "idem")).containsExactly("0:x", "1:y", "2:z");
                long next = c.call(ApiKeys.INIT_PRODUCER_ID, (short) 4, new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1)
                    .setProducerEpoch((short) -1), new InitProducerIdResponseData()).producerId();
                assertThat(next).as("producer ids are not reused after a restart").isGreaterThan(pid);
            }
        }
    }
}
