package dev.crucible.broker.group;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static dev.crucible.broker.group.GroupHarness.done;
import static dev.crucible.broker.group.Requests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response the coordinator builds must serialize at the version it answers, and read back equal:
 * a field the version lacks left at a non-default value either throws on write or, for an ignorable
 * field, is silently lost (and then the read-back differs). Requests go over the wire at the version
 * first, so the coordinator sees only what that version can carry.
 */
class WireCompatibilityTest {
    private static final GroupConfig NO_DELAY = GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0);

    private static ByteBuffer write(ApiMessage message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buffer), cache, version);
        assertThat(buffer.remaining()).as("size() matches what write() wrote").isZero();
        return buffer.flip();
    }

    /** The message as a peer at {@code version} would send it to us. */
    private static <T extends ApiMessage> T overWire(T message, short version, BiFunction<Readable, Short, T> reader) {
        return reader.apply(new ByteBufferAccessor(write(message, version)), version);
    }

    private static <T extends ApiMessage> void assertRoundTrips(List<T> responses, short version,
                                                                BiFunction<Readable, Short, T> reader) {
        assertThat(responses).isNotEmpty();
        for (T response : responses) {
            assertThat(overWire(response, version, reader)).as("v%d %s", version, response).isEqualTo(response);
        }
    }

    private static short[] versions(ApiKeys api) {
        short[] all = new short[api.latestVersion() - api.oldestVersion() + 1];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (api.oldestVersion() + i);
        }
        return all;
    }

    private static JoinGroupRequestData join(short v, String memberId, String instanceId) {
        return overWire(Requests.join(memberId, v >= 5 ? instanceId : null, "range"), v, JoinGroupRequestData::new);
    }

    /** A stable group with one member joined at {@code v}; returns {joinResponses..., memberId}. */
    private static String stableMember(GroupHarness h, short v, List<JoinGroupResponseData> joins) {
        JoinGroupResponseData first = done(h.join(v, "c", join(v, "", null)));
        joins.add(first);
        if (Errors.forCode(first.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            first = done(h.join(v, "c", join(v, first.memberId(), null)));
            joins.add(first);
        }
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
        done(h.sync(first.memberId(), first.generationId(), Map.of(first.memberId(), bytes("p"))));
        return first.memberId();
    }

    @Test
    void joinGroupResponsesSerializeAtEveryVersion() {
        for (short v : versions(ApiKeys.JOIN_GROUP)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                List<JoinGroupResponseData> responses = new ArrayList<>();
                stableMember(h, v, responses);
                responses.add(done(h.join(v, "c", join(v, "", null).setSessionTimeoutMs(1))));
                responses.add(done(h.join(v, "c", join(v, "ghost", null))));
                if (v >= 5) {
                    JoinGroupResponseData firstStatic = done(h.join(v, "s", join(v, "", "instance").setGroupId("static")));
                    responses.add(firstStatic);
                    done(h.coordinator.syncGroup((short) 3, Requests.sync(firstStatic.memberId(), 1, Map.of())
                        .setGroupId("static").setGroupInstanceId("instance")));
                    JoinGroupResponseData restarted = done(h.join(v, "s", join(v, "", "instance").setGroupId("static")));
                    assertThat(restarted.skipAssignment()).isEqualTo(v >= 9);
                    responses.add(restarted);
                }
                assertRoundTrips(responses, v, JoinGroupResponseData::new);
            }
        }
    }

    @Test
    void syncGroupResponsesSerializeAtEveryVersion() {
        for (short v : versions(ApiKeys.SYNC_GROUP)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                JoinGroupResponseData joined = done(h.join((short) 2, "c", Requests.join("")));
                SyncGroupRequestData leader = Requests.sync(joined.memberId(), 1, Map.of(joined.memberId(), bytes("p")));
                if (v >= 5) {
                    leader.setProtocolType("consumer").setProtocolName("range");
                }
                List<SyncGroupResponseData> responses = new ArrayList<>();
                responses.add(done(h.coordinator.syncGroup(v, overWire(leader, v, SyncGroupRequestData::new))));
                responses.add(done(h.coordinator.syncGroup(v, overWire(Requests.follow(joined.memberId(), 1), v,
                    SyncGroupRequestData::new))));
                responses.add(done(h.coordinator.syncGroup(v, overWire(Requests.follow("ghost", 1), v,
                    SyncGroupRequestData::new))));
                assertThat(responses.get(0).assignment()).isEqualTo(bytes("p"));
                assertRoundTrips(responses, v, SyncGroupResponseData::new);
            }
        }
    }

    @Test
    void heartbeatAndLeaveGroupResponsesSerializeAtEveryVersion() {
        for (short v : versions(ApiKeys.HEARTBEAT)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                String member = stableMember(h, (short) 2, new ArrayList<>());
                List<HeartbeatResponseData> responses = List.of(
                    done(h.coordinator.heartbeat(v, overWire(Requests.heartbeat(member, 1), v, HeartbeatRequestData::new))),
                    done(h.coordinator.heartbeat(v, overWire(Requests.heartbeat(member, 0), v, HeartbeatRequestData::new))));
                assertThat(responses).extracting(r -> Errors.forCode(r.errorCode()))
                    .containsExactly(Errors.NONE, Errors.ILLEGAL_GENERATION);
                assertRoundTrips(responses, v, HeartbeatResponseData::new);
            }
        }
        for (short v : versions(ApiKeys.LEAVE_GROUP)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                String member = stableMember(h, (short) 2, new ArrayList<>());
                LeaveGroupRequestData request = v >= 3
                    ? Requests.leaveMembers(new MemberIdentity().setMemberId(member), new MemberIdentity().setMemberId("x"))
                    : Requests.leave(member);
                List<LeaveGroupResponseData> responses = List.of(
                    done(h.coordinator.leaveGroup(v, overWire(request, v, LeaveGroupRequestData::new))),
                    done(h.coordinator.leaveGroup(v, overWire(request, v, LeaveGroupRequestData::new))));
                assertThat(h.heartbeat(member, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
                assertRoundTrips(responses, v, LeaveGroupResponseData::new);
            }
        }
    }

    private static OffsetCommitRequestData commitRequest(short v, String memberId, int generation, long offset) {
        OffsetCommitRequestData request = Requests.commit(memberId, generation, "t", 0, offset);
        if (v >= 10) {
            request.topics().get(0).setName("").setTopicId(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ"));
        }
        return overWire(request, v, OffsetCommitRequestData::new);
    }

    @Test
    void offsetCommitResponsesSerializeAtEveryVersion() {
        for (short v : versions(ApiKeys.OFFSET_COMMIT)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                List<OffsetCommitResponseData> responses = new ArrayList<>();
                responses.add(done(h.coordinator.commitOffsets(v, commitRequest(v, "", -1, 5))));
                String member = stableMember(h, (short) 2, new ArrayList<>());
                responses.add(done(h.coordinator.commitOffsets(v, commitRequest(v, member, 1, 6))));
                responses.add(done(h.coordinator.commitOffsets(v, commitRequest(v, member, 7, 7))));
                Errors expected = v >= 10 ? Errors.UNKNOWN_TOPIC_ID : Errors.NONE;
                assertThat(responses.get(1).topics().get(0).partitions().get(0).errorCode()).isEqualTo(expected.code());
                assertRoundTrips(responses, v, OffsetCommitResponseData::new);
            }
        }
    }

    private static OffsetFetchRequestData fetchRequest(short v, String groupId, boolean allTopics) {
        if (v >= 8) {
            OffsetFetchRequestTopics topic = new OffsetFetchRequestTopics().setPartitionIndexes(List.of(0, 1));
            if (v >= 10) {
                topic.setTopicId(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ"));
            } else {
                topic.setName("t");
            }
            return new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup().setGroupId(groupId)
                .setTopics(allTopics ? null : List.of(topic))));
        }
        OffsetFetchRequestData request = Requests.fetch("t", 0, 1).setGroupId(groupId);
        return allTopics ? request.setTopics(null) : request;
    }

    @Test
    void offsetFetchResponsesSerializeAtEveryVersion() {
        for (short v : versions(ApiKeys.OFFSET_FETCH)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                h.commit(Requests.standaloneCommit("t", 0, 42));
                List<OffsetFetchResponseData> responses = new ArrayList<>();
                responses.add(done(h.coordinator.fetchOffsets(v, overWire(fetchRequest(v, Requests.GROUP, false), v,
                    OffsetFetchRequestData::new))));
                responses.add(done(h.coordinator.fetchOffsets(v, overWire(fetchRequest(v, "", false), v,
                    OffsetFetchRequestData::new))));
                if (v >= 2) {
                    responses.add(done(h.coordinator.fetchOffsets(v, overWire(fetchRequest(v, Requests.GROUP, true), v,
                        OffsetFetchRequestData::new))));
                }
                if (v < 8) {
                    assertThat(responses.get(0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(42);
                } else if (v < 10) {
                    assertThat(responses.get(0).groups().get(0).topics().get(0).partitions().get(0).committedOffset())
                        .isEqualTo(42);
                }
                assertRoundTrips(responses, v, OffsetFetchResponseData::new);
            }
        }
    }

    @Test
    void listAndDescribeGroupsResponsesSerializeAtEveryVersion() {
        for (short v : versions(ApiKeys.LIST_GROUPS)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                stableMember(h, (short) 2, new ArrayList<>());
                ListGroupsRequestData filtered = new ListGroupsRequestData();
                if (v >= 4) {
                    filtered.setStatesFilter(List.of("stable"));
                }
                if (v >= 5) {
                    filtered.setTypesFilter(List.of("Classic"));
                }
                ListGroupsResponseData listed = h.coordinator.listGroups(v, overWire(filtered, v, ListGroupsRequestData::new));
                assertThat(listed.groups()).extracting(g -> g.groupId()).containsExactly(Requests.GROUP);
                assertRoundTrips(List.of(listed), v, ListGroupsResponseData::new);
            }
        }
        for (short v : versions(ApiKeys.DESCRIBE_GROUPS)) {
            try (GroupHarness h = new GroupHarness(NO_DELAY)) {
                stableMember(h, (short) 2, new ArrayList<>());
                DescribeGroupsRequestData request = new DescribeGroupsRequestData()
                    .setGroups(List.of(Requests.GROUP, "missing")).setIncludeAuthorizedOperations(v >= 3);
                DescribeGroupsResponseData described = h.coordinator.describeGroups(v,
                    overWire(request, v, DescribeGroupsRequestData::new));
                assertThat(described.groups()).extracting(g -> g.groupState()).containsExactly("Stable", "Dead");
                assertRoundTrips(List.of(described), v, DescribeGroupsResponseData::new);
            }
        }
    }
}
