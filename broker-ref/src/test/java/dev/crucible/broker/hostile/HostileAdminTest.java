package dev.crucible.broker.hostile;

import dev.crucible.broker.BrokerProcess;
import dev.crucible.broker.net.RawClient;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin actions a hostile or merely busy client can take, against a broker in a process of its own:
 * it must answer, keep running and start again afterwards.
 */
class HostileAdminTest {
    @TempDir
    Path dir;

    /**
     * The measured SIGSEGV: a fetch long-polls a partition whose segment has index entries, the topic
     * is deleted under it, and when the wait ends the read must not touch the unmapped index.
     */
    @Test
    void deletingATopicUnderALongPollingFetchAnswersUnknownTopicAndTheBrokerLives() throws Exception {
        try (BrokerProcess broker = new BrokerProcess(dir, null).start();
             RawClient admin = new RawClient(broker.port());
             RawClient consumer = new RawClient(broker.port())) {
            assertThat(Wire.create(admin, "doomed", 1).errorCode()).isZero();
            for (int i = 0; i < 40; i++) { // 40 KiB in 40 batches: the segment has index entries
                assertThat(Wire.produce(admin, "doomed", 0, Wire.batch(i, 1, 1000)).errorCode()).isZero();
            }
            // offset 0, below the high watermark, and more bytes wanted than there are: the fetch waits
            consumer.sendRaw(RawClient.frame(ApiKeys.FETCH, Wire.FETCH_V, 77, Wire.fetch("doomed", 0, 10 << 20, 3000)));
            Thread.sleep(300); // let the fetch park; the delete must land inside its 3 s wait
            assertThat(Wire.delete(admin, "doomed")).isZero();

            FetchResponseData.PartitionData answer = readFetch(consumer);
            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(broker.isAlive()).as("broker alive; stderr:\n" + broker.errorTail()).isTrue();
            assertThat(admin.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("t").setClientSoftwareVersion("1"), new ApiVersionsResponseData()).errorCode()).isZero();
            assertThat(Wire.create(admin, "doomed", 1).errorCode()).as("the name can be used again").isZero();
            assertThat(Wire.fetchAll(admin, "doomed")).as("the new topic has none of the old data").isEmpty();
        }
    }

    /**
     * The measured brick: one CreateTopics with 40,000 partitions, from a process whose open-file limit
     * cannot hold them. It is refused before anything is written, and the broker starts again after.
     */
    @Test
    void aCreateThatCannotFitIsRefusedWithNothingWrittenAndTheBrokerStartsAgain() throws Exception {
        BrokerProcess broker = new BrokerProcess(dir, "4096", "max.broker.partitions=1000000");
        try (BrokerProcess running = broker.start(); RawClient admin = new RawClient(running.port())) {
            CreateTopicsResponseData.CreatableTopicResult huge = Wire.create(admin, "big", 40_000);
            assertThat(Errors.forCode(huge.errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
            assertThat(huge.errorMessage()).contains("ulimit -n");
            assertThat(partitionDirs("big")).as("no directory of the refused topic").isZero();

            CreateTopicsResponseData.CreatableTopicResult fits = Wire.create(admin, "fits", 1_000);
            assertThat(fits.errorCode()).as(String.valueOf(fits.errorMessage())).isZero();
            running.stop();
            running.start();
            try (RawClient again = new RawClient(running.port())) {
                assertThat(Errors.forCode(Wire.create(again, "fits", 1).errorCode())).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
                assertThat(Errors.forCode(Wire.create(again, "big", 40_000).errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
            }
        }
    }

    @Test
    void maxBrokerPartitionsIsEnforcedAndNamedInTheRefusal() throws Exception {
        try (BrokerProcess broker = new BrokerProcess(dir, null, "max.broker.partitions=10").start();
             RawClient admin = new RawClient(broker.port())) {
            assertThat(Wire.create(admin, "six", 6).errorCode()).isZero();
            CreateTopicsResponseData.CreatableTopicResult five = Wire.create(admin, "five", 5);
            assertThat(Errors.forCode(five.errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
            assertThat(five.errorMessage()).contains("max.broker.partitions=10");
            assertThat(Wire.create(admin, "four", 4).errorCode()).isZero();
        }
    }

    private long partitionDirs(String topic) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(topic + "-")).count();
        }
    }

    private static FetchResponseData.PartitionData readFetch(RawClient c) throws Exception {
        ByteBuffer frame = c.readFrame();
        new ResponseHeaderData(new ByteBufferAccessor(frame), ApiKeys.FETCH.responseHeaderVersion(Wire.FETCH_V));
        FetchResponseData response = new FetchResponseData();
        response.read(new ByteBufferAccessor(frame), Wire.FETCH_V);
        return response.responses().get(0).partitions().get(0);
    }
}
