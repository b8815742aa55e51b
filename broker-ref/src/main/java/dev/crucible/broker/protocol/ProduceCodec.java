package dev.crucible.broker.protocol;

import dev.crucible.broker.api.ProduceRequest;
import dev.crucible.broker.api.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;

/**
 * Produce's wire format, by hand, for every version broker-ref serves (3 to 13): the request decoded
 * straight from the frame into a reused {@link ProduceRequest} (the record batches stay where they are:
 * a view per partition), the response encoded straight from a pooled {@link ProduceResponse} into the
 * outgoing buffer. kafka-clients' generated classes allocate a tree of objects, strings and collections
 * per request and per response for the same bytes; ProduceCodecTest holds both to the same bytes and
 * fields over every version.
 *
 * <pre>
 * request  v3-8: transactional_id nullable string16 | acks int16 | timeout_ms int32 |
 *                [topic name string16 | [index int32 | records nullable bytes32]]   (arrays: int32 count)
 *          v9+:  the same with compact strings, bytes and arrays (unsigned varint length + 1; 0 = null) and a
 *                tagged-field section after each struct; v13: the topic's 16-byte id instead of its name
 * response [topic | [index int32 | error int16 | base_offset int64 | log_append_time int64 (v2+) |
 *          log_start_offset int64 (v5+) | record_errors [] (v8+) | error_message nullable string (v8+) |
 *          tag 0 current_leader {leader_id int32, leader_epoch int32} (v10+, when known)]] |
 *          throttle_time_ms int32 | tag 0 node_endpoints [node_id, host, port, rack] (v10+, when any)
 * </pre>
 */
public final class ProduceCodec {
    static final short FIRST_FLEXIBLE = 9;
    static final short FIRST_WITH_TOPIC_IDS = 13;
    private static final int LEADER_TAG_BYTES = 4 + 4 + 1; // leader id, epoch, no tagged fields

    private ProduceCodec() {
    }

    /**
     * Decodes a Produce body of {@code version} from the buffer's position to its limit into
     * {@code into}. A malformed body (a length or count past its end, a null where none may be, bytes left
     * over) is an {@link IllegalArgumentException}: the caller closes the connection, as Kafka does.
     */
    public static void decode(ByteBuffer body, short version, ProduceRequest into, WireStrings names) {
        try {
            read(body, version, into, names);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Produce v" + version + " request ends inside a field");
        }
        if (body.hasRemaining()) {
            throw new IllegalArgumentException("PRODUCE v" + version + " request has " + body.remaining() + " bytes past its end");
        }
    }

    private static void read(ByteBuffer in, short version, ProduceRequest into, WireStrings names) {
        boolean flexible = version >= FIRST_FLEXIBLE;
        String transactionalId = flexible ? names.compactNullableString(in) : names.nullableString(in);
        short acks = in.getShort();
        int timeoutMs = in.getInt();
        into.reset(transactionalId, acks, timeoutMs);
        int topics = WireFormat.arrayLength(in, flexible, "topicData", WireFormat.minTopicBytes(version >= FIRST_WITH_TOPIC_IDS, flexible));
        for (int t = 0; t < topics; t++) {
            ProduceRequest.Topic topic;
            if (version >= FIRST_WITH_TOPIC_IDS) {
                topic = into.addTopic(null, names.uuid(in.getLong(), in.getLong()));
            } else {
                String name = flexible ? names.compactNullableString(in) : names.nullableString(in);
                if (name == null) {
                    throw new IllegalArgumentException("non-nullable field name was serialized as null");
                }
                topic = into.addTopic(name, Uuid.ZERO_UUID);
            }
            int partitions = WireFormat.arrayLength(in, flexible, "partitionData", flexible ? 4 + 1 + 1 : 4 + 4);
            for (int p = 0; p < partitions; p++) {
                int index = in.getInt();
                int size = flexible ? WireFormat.unsignedVarint(in) - 1 : in.getInt();
                ByteBuffer records = null;
                if (size >= 0) {
                    if (size > in.remaining()) {
                        throw new IllegalArgumentException("records of " + size + " bytes, only " + in.remaining() + " left");
                    }
                    records = in.slice(in.position(), size);
                    in.position(in.position() + size);
                } // a negative length is null records, as kafka-clients reads it
                topic.addPartition(index, records);
                if (flexible) {
                    WireFormat.skipTaggedFields(in);
                }
            }
            if (flexible) {
                WireFormat.skipTaggedFields(in);
            }
        }
        if (flexible) {
            WireFormat.skipTaggedFields(in);
        }
    }

    /** The encoded size of the response body at {@code version}. */
    public static int size(ProduceResponse r, short version) {
        boolean flexible = version >= FIRST_FLEXIBLE;
        int bytes = WireFormat.arrayPrefixSize(r.topicCount(), flexible);
        for (int t = 0; t < r.topicCount(); t++) {
            ProduceResponse.TopicAnswer topic = r.topic(t);
            bytes += WireFormat.topicSize(topic.name(), version >= FIRST_WITH_TOPIC_IDS, flexible);
            bytes += WireFormat.arrayPrefixSize(topic.partitionCount(), flexible);
            for (int p = 0; p < topic.partitionCount(); p++) {
                bytes += partitionSize(topic.partition(p), version, flexible);
            }
            bytes += flexible ? 1 : 0;
        }
        bytes += 4; // throttle time (v1+)
        if (flexible) {
            bytes += version >= 10 ? WireFormat.endpointsSectionSize(r.endpoints()) : 1;
        }
        return bytes;
    }

    private static int partitionSize(ProduceResponse.PartitionAnswer p, short version, boolean flexible) {
        int bytes = 4 + 2 + 8 + 8; // index, error, base offset, log append time (v2+)
        if (version >= 5) {
            bytes += 8;
        }
        if (version >= 8) {
            bytes += flexible ? 1 : 4; // no record errors
            bytes += WireFormat.nullableStringSize(p.errorMessage(), flexible);
        }
        if (flexible) {
            bytes += hasLeader(p, version) ? 1 + 1 + 1 + LEADER_TAG_BYTES : 1;
        }
        return bytes;
    }

    private static boolean hasLeader(ProduceResponse.PartitionAnswer p, short version) {
        return version >= 10 && (p.leaderId() != -1 || p.leaderEpoch() != -1);
    }

    /** Writes the response body at {@code version}: exactly {@link #size} bytes. */
    public static void write(ProduceResponse r, short version, ByteBuf out) {
        boolean flexible = version >= FIRST_FLEXIBLE;
        WireFormat.arrayPrefix(out, r.topicCount(), flexible);
        for (int t = 0; t < r.topicCount(); t++) {
            ProduceResponse.TopicAnswer topic = r.topic(t);
            WireFormat.writeTopic(out, topic.name(), topic.id(), version >= FIRST_WITH_TOPIC_IDS, flexible);
            WireFormat.arrayPrefix(out, topic.partitionCount(), flexible);
            for (int p = 0; p < topic.partitionCount(); p++) {
                writePartition(out, topic.partition(p), version, flexible);
            }
            if (flexible) {
                out.writeByte(0);
            }
        }
        out.writeInt(0); // throttle time
        if (flexible) {
            if (version >= 10) {
                WireFormat.writeEndpointsSection(out, r.endpoints());
            } else {
                out.writeByte(0);
            }
        }
    }

    private static void writePartition(ByteBuf out, ProduceResponse.PartitionAnswer p, short version, boolean flexible) {
        out.writeInt(p.index()).writeShort(p.errorCode()).writeLong(p.baseOffset()).writeLong(p.logAppendTimeMs());
        if (version >= 5) {
            out.writeLong(p.logStartOffset());
        }
        if (version >= 8) {
            if (flexible) {
                out.writeByte(1); // an empty compact array of record errors
            } else {
                out.writeInt(0);
            }
            WireFormat.writeNullableString(out, p.errorMessage(), flexible);
        }
        if (flexible) {
            if (hasLeader(p, version)) {
                out.writeByte(1).writeByte(0).writeByte(LEADER_TAG_BYTES);
                out.writeInt(p.leaderId()).writeInt(p.leaderEpoch()).writeByte(0);
            } else {
                out.writeByte(0);
            }
        }
    }

}
