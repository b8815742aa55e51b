package dev.crucible.broker.protocol;

import dev.crucible.broker.api.FetchRequest;
import dev.crucible.broker.api.FetchResponse;
import dev.crucible.broker.api.FileRecordsRegion;
import io.netty.buffer.ByteBuf;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;

/**
 * Fetch's wire format, by hand, for every version broker-ref serves (4 to 18): the request decoded
 * straight from the frame into a reused {@link FetchRequest}, the response encoded straight from a
 * {@link FetchResponse} into the outgoing buffer, each partition's records left out of the buffer: the
 * writer sends them as their file region where they belong ({@link FrameWriter}). FetchCodecTest holds
 * both to kafka-clients' generated classes over every version.
 *
 * <pre>
 * request  replica_id int32 (v4-14) | max_wait_ms | min_bytes | max_bytes int32 | isolation_level int8 |
 *          session_id | session_epoch int32 (v7+) |
 *          [topic name (v4-12) or id (v13+) | [partition | current_leader_epoch (v9+) | fetch_offset int64 |
 *          last_fetched_epoch (v12+) | log_start_offset int64 (v5+) | partition_max_bytes |
 *          tags: 0 replica_directory_id (v17+), 1 high_watermark (v18+)]] |
 *          forgotten [topic name or id | [partition]] (v7+) | rack_id string (v11+) |
 *          tags: 0 cluster_id (v12+), 1 replica_state {replica_id int32, replica_epoch int64} (v15+)
 * response throttle_time_ms | error_code int16, session_id int32 (v7+) |
 *          [topic name or id | [partition_index | error_code | high_watermark | last_stable_offset |
 *          log_start_offset (v5+) | aborted_transactions [] | preferred_read_replica (v11+) | records |
 *          tags: 0 diverging_epoch, 1 current_leader]] | tags: 0 node_endpoints (v16+)
 * </pre>
 * From v12 strings, arrays and records are compact and every struct ends in a tagged-field section.
 */
public final class FetchCodec {
    static final short FIRST_FLEXIBLE = 12;
    static final short FIRST_WITH_TOPIC_IDS = 13;
    static final short FIRST_WITH_REPLICA_STATE = 15;
    private static final int DIVERGING_BYTES = 4 + 8 + 1; // epoch, end offset, no tagged fields
    private static final int LEADER_BYTES = 4 + 4 + 1;

    private FetchCodec() {
    }

    /** Decodes a Fetch body of {@code version} from position to limit; malformed: {@link IllegalArgumentException}. */
    public static void decode(ByteBuffer body, short version, FetchRequest into, WireStrings names) {
        try {
            read(body, version, into, names);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Fetch v" + version + " request ends inside a field");
        }
        if (body.hasRemaining()) {
            throw new IllegalArgumentException("FETCH v" + version + " request has " + body.remaining() + " bytes past its end");
        }
    }

    private static void read(ByteBuffer in, short version, FetchRequest into, WireStrings names) {
        boolean flexible = version >= FIRST_FLEXIBLE;
        int replicaId = version < FIRST_WITH_REPLICA_STATE ? in.getInt() : -1;
        int maxWaitMs = in.getInt();
        int minBytes = in.getInt();
        int maxBytes = in.getInt();
        byte isolation = in.get();
        int sessionId = version >= 7 ? in.getInt() : 0;
        int sessionEpoch = version >= 7 ? in.getInt() : -1;
        into.reset(replicaId, maxWaitMs, minBytes, maxBytes, isolation, sessionId, sessionEpoch);
        int topicBytes = WireFormat.minTopicBytes(version >= FIRST_WITH_TOPIC_IDS, flexible);
        int partitionBytes = 4 + 8 + 4 + (version >= 9 ? 4 : 0) + (version >= 12 ? 4 : 0) + (version >= 5 ? 8 : 0) + (flexible ? 1 : 0);
        int topics = WireFormat.arrayLength(in, flexible, "topics", topicBytes);
        for (int t = 0; t < topics; t++) {
            FetchRequest.Topic topic = readTopic(in, version, flexible, names, into, false);
            int partitions = WireFormat.arrayLength(in, flexible, "partitions", partitionBytes);
            for (int p = 0; p < partitions; p++) {
                int i = topic.addPartition(in.getInt());
                int leaderEpoch = version >= 9 ? in.getInt() : -1;
                long fetchOffset = in.getLong();
                int lastFetchedEpoch = version >= 12 ? in.getInt() : -1;
                long logStart = version >= 5 ? in.getLong() : -1;
                topic.set(i, leaderEpoch, fetchOffset, lastFetchedEpoch, logStart, in.getInt());
                if (flexible) {
                    readPartitionTags(in, version, topic, i);
                }
            }
            if (flexible) {
                WireFormat.skipTaggedFields(in);
            }
        }
        if (version >= 7) {
            int forgotten = WireFormat.arrayLength(in, flexible, "forgottenTopicsData", topicBytes);
            for (int t = 0; t < forgotten; t++) {
                FetchRequest.Topic topic = readTopic(in, version, flexible, names, into, true);
                int partitions = WireFormat.arrayLength(in, flexible, "partitions", 4);
                for (int p = 0; p < partitions; p++) {
                    topic.addPartition(in.getInt());
                }
                if (flexible) {
                    WireFormat.skipTaggedFields(in);
                }
            }
        }
        if (version >= 11) {
            String rack = flexible ? names.compactNullableString(in) : names.nullableString(in);
            if (rack == null) {
                throw new IllegalArgumentException("non-nullable field rackId was serialized as null");
            }
            into.rackId(rack);
        }
        if (flexible) {
            readRequestTags(in, version, into, names);
        }
    }

    private static FetchRequest.Topic readTopic(ByteBuffer in, short version, boolean flexible, WireStrings names, FetchRequest into,
                                                boolean forgotten) {
        String name = null;
        Uuid id = Uuid.ZERO_UUID;
        if (version >= FIRST_WITH_TOPIC_IDS) {
            id = names.uuid(in.getLong(), in.getLong());
        } else {
            name = flexible ? names.compactNullableString(in) : names.nullableString(in);
            if (name == null) {
                throw new IllegalArgumentException("non-nullable field topic was serialized as null");
            }
        }
        return forgotten ? into.addForgotten(name, id) : into.addTopic(name, id);
    }

    /**
     * A partition's tagged fields: its replica directory (tag 0, v17+) and high watermark (tag 1, v18+) are read,
     * refused in versions before those, and any other tag is skipped.
     */
    private static void readPartitionTags(ByteBuffer in, short version, FetchRequest.Topic topic, int i) {
        int count = WireFormat.unsignedVarint(in);
        for (int n = 0; n < count; n++) {
            int tag = WireFormat.unsignedVarint(in);
            int size = WireFormat.unsignedVarint(in);
            if (tag == 0) {
                requireTag(tag, version, 17);
                topic.replicaDirectoryId(i, new Uuid(in.getLong(), in.getLong()));
            } else if (tag == 1) {
                requireTag(tag, version, 18);
                topic.highWatermark(i, in.getLong());
            } else {
                WireFormat.skip(in, size);
            }
        }
    }

    /** The request's tagged fields: the cluster id (tag 0) and the replica state (tag 1, v15+, refused before) are read. */
    private static void readRequestTags(ByteBuffer in, short version, FetchRequest into, WireStrings names) {
        int count = WireFormat.unsignedVarint(in);
        for (int n = 0; n < count; n++) {
            int tag = WireFormat.unsignedVarint(in);
            int size = WireFormat.unsignedVarint(in);
            if (tag == 0) {
                into.clusterId(names.compactNullableString(in));
            } else if (tag == 1) {
                requireTag(tag, version, FIRST_WITH_REPLICA_STATE);
                int replicaId = in.getInt();
                long replicaEpoch = in.getLong();
                WireFormat.skipTaggedFields(in);
                into.replicaState(replicaId, replicaEpoch);
            } else {
                WireFormat.skip(in, size);
            }
        }
    }

    /** A tag the schema knows from {@code since} on is refused before it, as kafka-clients refuses it. */
    private static void requireTag(int tag, short version, int since) {
        if (version < since) {
            throw new IllegalArgumentException("Tag " + tag + " is not valid for version " + version);
        }
    }

    /** The body's size at {@code version}, the records regions included. */
    public static int size(FetchResponse r, short version) {
        boolean flexible = version >= FIRST_FLEXIBLE;
        int bytes = 4 + (version >= 7 ? 2 + 4 : 0) + WireFormat.arrayPrefixSize(r.topicCount(), flexible);
        for (int t = 0; t < r.topicCount(); t++) {
            FetchResponse.Topic topic = r.topic(t);
            bytes += WireFormat.topicSize(topic.name(), version >= FIRST_WITH_TOPIC_IDS, flexible);
            bytes += WireFormat.arrayPrefixSize(topic.partitionCount(), flexible);
            for (int p = 0; p < topic.partitionCount(); p++) {
                bytes += partitionSize(topic.partition(p), version, flexible);
            }
            bytes += flexible ? 1 : 0;
        }
        if (flexible) {
            bytes += version >= 16 ? WireFormat.endpointsSectionSize(r.endpoints()) : 1;
        }
        return bytes;
    }

    /** The bytes of the response that are records regions (sent by sendfile, not through the buffer). */
    public static int regionBytes(FetchResponse r) {
        int bytes = 0;
        for (int t = 0; t < r.topicCount(); t++) {
            FetchResponse.Topic topic = r.topic(t);
            for (int p = 0; p < topic.partitionCount(); p++) {
                FileRecordsRegion records = topic.partition(p).records();
                bytes += records == null ? 0 : records.sizeInBytes();
            }
        }
        return bytes;
    }

    /** How many partitions of the response carry records regions. */
    static int regionCount(FetchResponse r) {
        int n = 0;
        for (int t = 0; t < r.topicCount(); t++) {
            FetchResponse.Topic topic = r.topic(t);
            for (int p = 0; p < topic.partitionCount(); p++) {
                n += topic.partition(p).records() == null ? 0 : 1;
            }
        }
        return n;
    }

    private static int partitionSize(FetchResponse.Partition p, short version, boolean flexible) {
        int bytes = 4 + 2 + 8 + 8 + (version >= 5 ? 8 : 0);
        bytes += flexible ? 1 : 4; // no aborted transactions
        bytes += version >= 11 ? 4 : 0;
        int records = p.records() == null ? 0 : p.records().sizeInBytes();
        bytes += (flexible ? WireFormat.varintSize(records + 1) : 4) + records;
        if (flexible) {
            bytes += 1;
            bytes += hasDiverging(p) ? 2 + DIVERGING_BYTES : 0;
            bytes += hasLeader(p) ? 2 + LEADER_BYTES : 0;
        }
        return bytes;
    }

    private static boolean hasDiverging(FetchResponse.Partition p) {
        return p.divergingEpoch() != -1 || p.divergingEndOffset() != -1;
    }

    private static boolean hasLeader(FetchResponse.Partition p) {
        return p.leaderId() != -1 || p.leaderEpoch() != -1;
    }

    /** Writes the body at {@code version}; each partition's records go to {@code out} as a region. */
    public static void write(FetchResponse r, short version, FrameWriter out) {
        boolean flexible = version >= FIRST_FLEXIBLE;
        ByteBuf buf = out.buffer();
        buf.writeInt(0); // throttle time
        if (version >= 7) {
            buf.writeShort(0).writeInt(0); // no error; session id 0: no fetch sessions
        }
        WireFormat.arrayPrefix(buf, r.topicCount(), flexible);
        for (int t = 0; t < r.topicCount(); t++) {
            FetchResponse.Topic topic = r.topic(t);
            WireFormat.writeTopic(buf, topic.name(), topic.id(), version >= FIRST_WITH_TOPIC_IDS, flexible);
            WireFormat.arrayPrefix(buf, topic.partitionCount(), flexible);
            for (int p = 0; p < topic.partitionCount(); p++) {
                writePartition(out, topic.partition(p), version, flexible);
            }
            if (flexible) {
                buf.writeByte(0);
            }
        }
        if (flexible) {
            if (version >= 16) {
                WireFormat.writeEndpointsSection(buf, r.endpoints());
            } else {
                buf.writeByte(0);
            }
        }
    }

    private static void writePartition(FrameWriter out, FetchResponse.Partition p, short version, boolean flexible) {
        ByteBuf buf = out.buffer();
        buf.writeInt(p.index()).writeShort(p.errorCode()).writeLong(p.highWatermark()).writeLong(p.lastStableOffset());
        if (version >= 5) {
            buf.writeLong(p.logStartOffset());
        }
        WireFormat.arrayPrefix(buf, 0, flexible); // aborted transactions: none
        if (version >= 11) {
            buf.writeInt(-1); // preferred read replica: none
        }
        FileRecordsRegion records = p.records();
        int size = records == null ? 0 : records.sizeInBytes();
        if (flexible) {
            WireFormat.writeVarint(buf, size + 1);
        } else {
            buf.writeInt(size);
        }
        if (records != null) {
            out.region(records.handOver(), size);
        }
        if (flexible) {
            boolean diverging = hasDiverging(p);
            boolean leader = hasLeader(p);
            buf.writeByte((diverging ? 1 : 0) + (leader ? 1 : 0));
            if (diverging) {
                buf.writeByte(0).writeByte(DIVERGING_BYTES);
                buf.writeInt(p.divergingEpoch()).writeLong(p.divergingEndOffset()).writeByte(0);
            }
            if (leader) {
                buf.writeByte(1).writeByte(LEADER_BYTES);
                buf.writeInt(p.leaderId()).writeInt(p.leaderEpoch()).writeByte(0);
            }
        }
    }

}
