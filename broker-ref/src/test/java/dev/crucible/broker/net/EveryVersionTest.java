package dev.crucible.broker.net;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.protocol.ApiVersionsTable;
import dev.crucible.broker.common.BrokerLog;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API broker-ref serves (but the group APIs, covered by the coordinator's own tests), at every
 * version it accepts, with a topic that has data: the broker answers with a response that parses at
 * that version (a field the version lacks would make the encoder throw and the connection close).
 */
class EveryVersionTest {
    @TempDir
    Path dir;

    @Test
    void everyAcceptedVersionGetsAParsableAnswer() throws Exception {
        BrokerLog.quiet(true);
        try (TestBroker broker = new TestBroker(dir); RawClient c = new RawClient(broker.port())) {
            c.call(ApiKeys.PRODUCE, (short) 9, BadInputTest.produce("v", BadInputTest.batch("a", "b")),
                new org.apache.kafka.common.message.ProduceResponseData()); // auto-creation is off for produce
            MetadataRequestData md = new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("v")));
            Uuid id = c.call(ApiKeys.METADATA, (short) 12, md, new MetadataResponseData()).topics().find("v").topicId();
            assertThat(id).isNotEqualTo(Uuid.ZERO_UUID);
            BadInputTest.produce("v", BadInputTest.batch("x"));
            int checked = 0;
            java.util.Set<ApiKeys> apis = java.util.EnumSet.noneOf(ApiKeys.class);
            for (ApiKeys api : ApiKeys.values()) {
                if (!ApiVersionsTable.isAdvertised(api) || request(api, (short) 0, id, 0) == null) {
                    continue;
                }
                for (short v = ApiVersionsTable.minAccepted(api); v <= api.latestVersion(); v++) {
                    ApiMessage response = ApiMessageType.fromApiKey(api.id).newResponse();
                    c.call(api, v, request(api, v, id, checked), response);
                    checked++;
                    apis.add(api);
                }
            }
            assertThat(apis).hasSize(13);
            assertThat(checked).as("versions answered").isGreaterThan(90);
        } finally {
            BrokerLog.quiet(false);
        }
    }

    /** A small valid request of each API; {@code n} keeps created topic names apart. */
    private static ApiMessage request(ApiKeys api, short v, Uuid id, int n) {
        return switch (api) {
            case API_VERSIONS -> new org.apache.kafka.common.message.ApiVersionsRequestData()
                .setClientSoftwareName(v >= 3 ? "test" : "").setClientSoftwareVersion(v >= 3 ? "1" : "");
            case METADATA -> new MetadataRequestData().setAllowAutoTopicCreation(v < 4).setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("v").setTopicId(v >= 10 ? id : Uuid.ZERO_UUID)));
            case PRODUCE -> {
                ProduceRequestData p = BadInputTest.produce("v", BadInputTest.batch("p" + v));
                if (v >= 13) {
                    p.topicData().iterator().next().setName("").setTopicId(id);
                }
                yield p;
            }
            case FETCH -> new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMaxBytes(1 << 20).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(v < 13 ? "v" : "").setTopicId(v >= 13 ? id : Uuid.ZERO_UUID)
                    .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartitionMaxBytes(1 << 20)))));
            case LIST_OFFSETS -> new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName("v").setPartitions(List.of(
                    new ListOffsetsRequestData.ListOffsetsPartition().setTimestamp(v % 2 == 0 ? -1 : 0)))));
            case OFFSET_FOR_LEADER_EPOCH -> {
                OffsetForLeaderEpochRequestData r = new OffsetForLeaderEpochRequestData();
                r.topics().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("v").setPartitions(List.of(
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setLeaderEpoch(0))));
                yield r;
            }
            case CREATE_TOPICS -> {
                CreateTopicsRequestData r = new CreateTopicsRequestData().setTimeoutMs(1000);
                r.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("c" + n).setNumPartitions(1)
                    .setReplicationFactor((short) 1));
                yield r;
            }
            case DELETE_TOPICS -> v >= 6
                ? new DeleteTopicsRequestData().setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState().setName("nope" + n)))
                : new DeleteTopicsRequestData().setTopicNames(List.of("nope" + n));
            case CREATE_PARTITIONS -> {
                CreatePartitionsRequestData r = new CreatePartitionsRequestData().setTimeoutMs(1000).setValidateOnly(true);
                r.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("v").setCount(2).setAssignments(null));
                yield r;
            }
            case DESCRIBE_CONFIGS -> new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2).setResourceName("v")
                    .setConfigurationKeys(null),
                new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 4).setResourceName("0")
                    .setConfigurationKeys(null)));
            case DESCRIBE_CLUSTER -> new DescribeClusterRequestData();
            case FIND_COORDINATOR -> v >= 4 ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of("g"))
                : new FindCoordinatorRequestData().setKey("g");
            case INIT_PRODUCER_ID -> new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(1000)
                .setProducerId(-1).setProducerEpoch((short) -1);
            default -> null;
        };
    }
}
