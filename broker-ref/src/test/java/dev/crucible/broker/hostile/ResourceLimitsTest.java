package dev.crucible.broker.hostile;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.net.RawClient;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits on what clients can make the broker hold, each named with Kafka's key. */
class ResourceLimitsTest {
    @TempDir
    Path dir;
    private TestBroker broker;
    private final List<RawClient> clients = new ArrayList<>();

    private void start(Map<String, String> settings) throws Exception {
        BrokerLog.quiet(true);
        broker = new TestBroker(dir, settings);
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        broker.close();
        BrokerLog.quiet(false);
    }

    private RawClient connect() throws IOException {
        RawClient c = new RawClient(broker.port());
        clients.add(c);
        return c;
    }

    private static boolean answers(RawClient c) {
        try {
            return c.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData().setClientSoftwareName("t")
                .setClientSoftwareVersion("1"), new ApiVersionsResponseData()).errorCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void connectionsPastMaxConnectionsAreClosedAndASlotFreesWhenOneCloses() throws Exception {
        start(Map.of("max.connections", "3"));
        for (int i = 0; i < 3; i++) {
            assertThat(answers(connect())).isTrue();
        }
        RawClient fourth = connect();
        assertThat(fourth.closedByBroker()).isTrue();
        clients.remove(0).close();
        assertThat(answersWithin(5_000)).as("the closed connection's slot is free again").isTrue();
    }

    @Test
    void connectionsPastMaxConnectionsPerIpAreClosed() throws Exception {
        start(Map.of("max.connections.per.ip", "2"));
        assertThat(answers(connect())).isTrue();
        assertThat(answers(connect())).isTrue();
        assertThat(connect().closedByBroker()).isTrue();
    }

    /** A new connection that answers, tried until {@code ms} pass: the broker counts a close asynchronously. */
    private boolean answersWithin(long ms) throws Exception {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() - deadline < 0) {
            RawClient c = new RawClient(broker.port());
            boolean ok = answers(c);
            c.close();
            if (ok) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void anIdleConnectionIsClosedButALongPollIsNotIdleness() throws Exception {
        start(Map.of("connections.max.idle.ms", "400"));
        RawClient idle = connect();
        assertThat(answers(idle)).isTrue();
        assertThat(idle.closedByBroker()).as("closed within the 10 s read timeout").isTrue();

        RawClient polling = connect();
        assertThat(Wire.create(polling, "quiet", 1).errorCode()).isZero();
        FetchResponseData r = polling.call(ApiKeys.FETCH, Wire.FETCH_V, Wire.fetch("quiet", 0, 1, 1_500),
            new FetchResponseData());
        assertThat(r.responses().get(0).partitions().get(0).errorCode()).as("the 1.5 s poll was answered").isZero();
    }

    @Test
    void pipelinedRequestsPastQueuedMaxRequestBytesAreAllAnsweredInOrder() throws Exception {
        start(Map.of("queued.max.request.bytes", "8192"));
        RawClient c = connect();
        assertThat(Wire.create(c, "t", 1).errorCode()).isZero();
        int n = 30; // 30 x ~2 KiB pipelined: far past the limit
        for (int i = 0; i < n; i++) {
            ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
            ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName("t");
            t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(Wire.batch(i, 1, 2000)));
            data.topicData().add(t);
            c.sendRaw(RawClient.frame(ApiKeys.PRODUCE, Wire.PRODUCE_V, 1000 + i, data));
        }
        for (int i = 0; i < n; i++) {
            ByteBuffer frame = c.readFrame();
            ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(frame),
                ApiKeys.PRODUCE.responseHeaderVersion(Wire.PRODUCE_V));
            assertThat(header.correlationId()).isEqualTo(1000 + i);
            ProduceResponseData r = new ProduceResponseData();
            r.read(new ByteBufferAccessor(frame), Wire.PRODUCE_V);
            ProduceResponseData.PartitionProduceResponse p = r.responses().iterator().next().partitionResponses().get(0);
            assertThat(p.errorCode()).isZero();
            assertThat(p.baseOffset()).isEqualTo(i);
        }
    }

    @Test
    void fetchMaxBytesCapsWhatAClientAsksFor() throws Exception {
        start(Map.of("fetch.max.bytes", "4096"));
        RawClient c = connect();
        assertThat(Wire.create(c, "t", 1).errorCode()).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(Wire.produce(c, "t", 0, Wire.batch(i, 1, 1000)).errorCode()).isZero();
        }
        FetchRequestData fetch = Wire.fetch("t", 0, 1, 0); // asks for up to 50 MiB
        FetchResponseData r = c.call(ApiKeys.FETCH, Wire.FETCH_V, fetch, new FetchResponseData());
        int bytes = ((MemoryRecords) r.responses().get(0).partitions().get(0).records()).sizeInBytes();
        assertThat(bytes).isPositive().isLessThanOrEqualTo(4096);
        assertThat(Wire.fetchAll(c, "t")).hasSize(20);
    }
}
