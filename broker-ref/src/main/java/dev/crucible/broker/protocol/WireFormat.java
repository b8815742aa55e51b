package dev.crucible.broker.protocol;

import dev.crucible.broker.api.NodeEndpoint;
import dev.crucible.broker.api.NodeEndpoints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka protocol's primitive types, for the hand-written codecs: unsigned varints, and strings
 * written straight from a {@link CharSequence} into the outgoing buffer (no intermediate byte array).
 * Classic versions prefix a string with its int16 length (-1: null); flexible ones with an unsigned
 * varint of length + 1 (0: null).
 */
final class WireFormat {
    /** The longest string the protocol carries, in UTF-8 bytes (kafka-clients refuses longer ones too). */
    static final int MAX_STRING_BYTES = 0x7fff;

    private WireFormat() {
    }

    /** Reads an unsigned varint of at most 5 bytes, as kafka-clients does (a longer one is malformed). */
    static int unsignedVarint(ByteBuffer in) {
        int value = 0;
        int shift = 0;
        int b;
        while (((b = in.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 28) {
                throw new IllegalArgumentException("varint longer than 5 bytes");
            }
        }
        return value | (b << shift);
    }

    /** An array's element count, refused when null or more than the bytes left could hold at {@code minElementBytes} each. */
    static int arrayLength(ByteBuffer in, boolean flexible, String field, int minElementBytes) {
        int n = flexible ? unsignedVarint(in) - 1 : in.getInt();
        if (n < 0) {
            throw new IllegalArgumentException("non-nullable field " + field + " was serialized as null");
        }
        if ((long) n * minElementBytes > in.remaining()) {
            throw new IllegalArgumentException("an array of " + n + " " + field + " in " + in.remaining() + " bytes");
        }
        return n;
    }

    /** The least bytes a topic entry of a request takes: its id or name, its partitions array, its tagged fields. */
    static int minTopicBytes(boolean topicIds, boolean flexible) {
        return topicIds ? 16 + 1 + 1 : flexible ? 1 + 1 + 1 : 2 + 4;
    }

    /** Skips a tagged-field section whose tags the caller does not know. */
    static void skipTaggedFields(ByteBuffer in) {
        int count = unsignedVarint(in);
        for (int i = 0; i < count; i++) {
            unsignedVarint(in); // tag
            skip(in, unsignedVarint(in));
        }
    }

    /** Skips one tagged field's value of {@code size} bytes. */
    static void skip(ByteBuffer in, int size) {
        if (size < 0 || size > in.remaining()) {
            throw new IllegalArgumentException("tagged field of " + size + " bytes, only " + in.remaining() + " left");
        }
        in.position(in.position() + size);
    }

    static int arrayPrefixSize(int n, boolean flexible) {
        return flexible ? varintSize(n + 1) : 4;
    }

    static void arrayPrefix(ByteBuf out, int n, boolean flexible) {
        if (flexible) {
            writeVarint(out, n + 1);
        } else {
            out.writeInt(n);
        }
    }

    /** A response's topic key: its 16-byte id from the version that has ids, its name before. */
    static int topicSize(CharSequence name, boolean topicIds, boolean flexible) {
        return topicIds ? 16 : stringSize(name, flexible);
    }

    static void writeTopic(ByteBuf out, CharSequence name, Uuid id, boolean topicIds, boolean flexible) {
        if (topicIds) {
            out.writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
        } else {
            writeString(out, name, flexible);
        }
    }

    static int varintSize(int value) {
        int bytes = 1;
        while ((value & 0xffffff80) != 0) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }

    static void writeVarint(ByteBuf out, int value) {
        while ((value & 0xffffff80) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    static int stringSize(CharSequence s, boolean flexible) {
        int bytes = utf8Bytes(s);
        return (flexible ? varintSize(bytes + 1) : 2) + bytes;
    }

    static int nullableStringSize(CharSequence s, boolean flexible) {
        return s == null ? (flexible ? 1 : 2) : stringSize(s, flexible);
    }

    static void writeString(ByteBuf out, CharSequence s, boolean flexible) {
        int bytes = utf8Bytes(s);
        if (flexible) {
            writeVarint(out, bytes + 1);
        } else {
            out.writeShort(bytes);
        }
        ByteBufUtil.reserveAndWriteUtf8(out, s, bytes);
    }

    static void writeNullableString(ByteBuf out, CharSequence s, boolean flexible) {
        if (s != null) {
            writeString(out, s, flexible);
        } else if (flexible) {
            out.writeByte(0);
        } else {
            out.writeShort(-1);
        }
    }

    private static int utf8Bytes(CharSequence s) {
        int bytes = ByteBufUtil.utf8Bytes(s);
        if (bytes > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a string of " + bytes + " UTF-8 bytes is longer than the protocol allows");
        }
        return bytes;
    }

    /** The bytes of a tagged-field section holding only the node endpoints at tag 0 (KIP-951), or none when empty. */
    static int endpointsSectionSize(NodeEndpoints endpoints) {
        int value = endpointsValueSize(endpoints);
        return value == 0 ? 1 : 1 + 1 + varintSize(value) + value;
    }

    /** Writes that section: count, tag 0, size, then the compact array of endpoints (or just a count of 0). */
    static void writeEndpointsSection(ByteBuf out, NodeEndpoints endpoints) {
        int value = endpointsValueSize(endpoints);
        if (value == 0) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1).writeByte(0);
        writeVarint(out, value);
        writeVarint(out, endpoints.count() + 1);
        for (int i = 0; i < endpoints.count(); i++) {
            NodeEndpoint e = endpoints.get(i);
            out.writeInt(e.nodeId());
            writeString(out, e.host(), true);
            out.writeInt(e.port());
            writeNullableString(out, e.rack(), true);
            out.writeByte(0);
        }
    }

    private static int endpointsValueSize(NodeEndpoints endpoints) {
        if (endpoints.count() == 0) {
            return 0;
        }
        int bytes = varintSize(endpoints.count() + 1);
        for (int i = 0; i < endpoints.count(); i++) {
            NodeEndpoint e = endpoints.get(i);
            bytes += 4 + stringSize(e.host(), true) + 4 + nullableStringSize(e.rack(), true) + 1;
        }
        return bytes;
    }
}
