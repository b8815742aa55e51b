package dev.crucible.broker.group;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The offsets log's record format. Each committed offset is one record of an uncompressed v2 batch
 * (built with kafka-clients' {@link MemoryRecords}); the newest record of a key wins on replay and a
 * record with a null value removes the key. All integers are big-endian; strings are UTF-8.
 *
 * <p>Key, version 0:
 * <pre>
 *  offset      size  field
 *  0           2     key version (0)
 *  2           4     group id length G
 *  6           G     group id
 *  6+G         4     topic length T
 *  10+G        T     topic
 *  10+G+T      4     partition
 * </pre>
 * Value, version 0 (absent for a removal):
 * <pre>
 *  offset  size  field
 *  0       2     value version (0)
 *  2       8     committed offset
 *  10      4     leader epoch, -1 for none
 *  14      8     commit timestamp, ms since the epoch
 *  22      4     metadata length M, -1 for null
 *  26      M     metadata
 * </pre>
 * A group's membership ({@link GroupSnapshot}) is a record of its own, key version 1: the version, then
 * the group id (length-prefixed as above). Its value, version 0: generation (4), protocol type, protocol
 * name and leader id (each a length, -1 for null, and the bytes), the member count (4), and per member:
 * member id, group instance id (nullable), client id, client host (strings as above), rebalance timeout
 * (4), session timeout (4), subscription and assignment (each a length and the bytes).
 * A reader meeting a version it does not know refuses the log rather than guess.
 */
final class OffsetRecordCodec {
    static final short KEY_VERSION = 0;
    static final short GROUP_KEY_VERSION = 1;
    static final short VALUE_VERSION = 0;
    private static final int VALUE_FIXED_BYTES = 26;
    /** Upper bound of a v2 record's framing (length, attributes, deltas, key/value lengths, headers). */
    private static final int RECORD_OVERHEAD_BYTES = 40;
    private static final int BATCH_HEADER_BYTES = 61;

    private OffsetRecordCodec() {
    }

    static byte[] key(OffsetKey key) {
        byte[] group = key.groupId().getBytes(StandardCharsets.UTF_8);
        byte[] topic = key.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(2 + 4 + group.length + 4 + topic.length + 4);
        buffer.putShort(KEY_VERSION).putInt(group.length).put(group).putInt(topic.length).put(topic)
            .putInt(key.partition());
        return buffer.array();
    }

    static byte[] value(CommittedOffset committed) {
        byte[] metadata = committed.metadata() == null ? null : committed.metadata().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(VALUE_FIXED_BYTES + (metadata == null ? 0 : metadata.length));
        buffer.putShort(VALUE_VERSION).putLong(committed.offset()).putInt(committed.leaderEpoch())
            .putLong(committed.commitTimestampMs());
        if (metadata == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(metadata.length).put(metadata);
        }
        return buffer.array();
    }

    static OffsetKey decodeKey(ByteBuffer key) {
        short version = key.getShort();
        if (version != KEY_VERSION) {
            throw new IllegalStateException("offsets log key version " + version + " is not known");
        }
        String group = string(key, key.getInt());
        String topic = string(key, key.getInt());
        return new OffsetKey(group, topic, key.getInt());
    }

    /** The committed offset in {@code value}, or null for a removal (null value). */
    static CommittedOffset decodeValue(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        short version = value.getShort();
        if (version != VALUE_VERSION) {
            throw new IllegalStateException("offsets log value version " + version + " is not known");
        }
        long offset = value.getLong();
        int leaderEpoch = value.getInt();
        long timestampMs = value.getLong();
        int metadataLength = value.getInt();
        String metadata = metadataLength < 0 ? null : string(value, metadataLength);
        return new CommittedOffset(offset, leaderEpoch, metadata, timestampMs);
    }

    private static String string(ByteBuffer buffer, int length) {
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("offsets log string of " + length + " bytes overruns its record");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * One buffer of v2 batches holding a record per key ({@code values.get(i)} null for a removal),
     * split so that no batch exceeds {@code maxBatchBytes}. Written as one append, so all of it
     * becomes durable together.
     */
    static ByteBuffer batches(List<OffsetKey> keys, List<CommittedOffset> values, long timestampMs, int maxBatchBytes) {
        List<ByteBuffer> built = new ArrayList<>();
        List<SimpleRecord> chunk = new ArrayList<>();
        int chunkBytes = BATCH_HEADER_BYTES;
        int total = 0;
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = key(keys.get(i));
            byte[] value = values.get(i) == null ? null : value(values.get(i));
            int recordBytes = RECORD_OVERHEAD_BYTES + key.length + (value == null ? 0 : value.length);
            if (!chunk.isEmpty() && chunkBytes + recordBytes > maxBatchBytes) {
                total += add(built, chunk);
                chunkBytes = BATCH_HEADER_BYTES;
            }
            chunk.add(new SimpleRecord(timestampMs, key, value));
            chunkBytes += recordBytes;
        }
        total += add(built, chunk);
        ByteBuffer all = ByteBuffer.allocate(total);
        built.forEach(all::put);
        return all.flip();
    }

    private static int add(List<ByteBuffer> built, List<SimpleRecord> chunk) {
        if (chunk.isEmpty()) {
            return 0;
        }
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, chunk.toArray(new SimpleRecord[0])).buffer();
        chunk.clear();
        built.add(batch);
        return batch.remaining();
    }

    /** Feeds every offset record in {@code batches} to {@code sink}, oldest first; removals with a null value. */
    static void forEachRecord(ByteBuffer batches, BiConsumer<OffsetKey, CommittedOffset> sink) {
        forEachRecord(batches, sink, snapshot -> { });
    }

    /** As above, and every group membership record to {@code groups}, in log order. */
    static void forEachRecord(ByteBuffer batches, BiConsumer<OffsetKey, CommittedOffset> sink,
                              java.util.function.Consumer<GroupSnapshot> groups) {
        for (RecordBatch batch : MemoryRecords.readableRecords(batches).batches()) {
            for (Record record : batch) {
                if (!record.hasKey()) {
                    continue;
                }
                ByteBuffer key = record.key();
                if (key.remaining() >= 2 && key.getShort(key.position()) == GROUP_KEY_VERSION) {
                    groups.accept(decodeGroup(key, record.hasValue() ? record.value() : null));
                } else {
                    sink.accept(decodeKey(key), decodeValue(record.hasValue() ? record.value() : null));
                }
            }
        }
    }

    /** One batch holding a group's membership record. */
    static ByteBuffer groupBatch(GroupSnapshot snapshot, long timestampMs) {
        byte[] group = snapshot.groupId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocate(2 + 4 + group.length).putShort(GROUP_KEY_VERSION).putInt(group.length).put(group);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.writeShort(VALUE_VERSION);
            out.writeInt(snapshot.generationId());
            writeString(out, snapshot.protocolType());
            writeString(out, snapshot.protocolName());
            writeString(out, snapshot.leaderId());
            out.writeInt(snapshot.members().size());
            for (GroupSnapshot.Member m : snapshot.members()) {
                writeString(out, m.memberId());
                writeString(out, m.groupInstanceId());
                writeString(out, m.clientId());
                writeString(out, m.clientHost());
                out.writeInt(m.rebalanceTimeoutMs());
                out.writeInt(m.sessionTimeoutMs());
                out.writeInt(m.subscription().length);
                out.write(m.subscription());
                out.writeInt(m.assignment().length);
                out.write(m.assignment());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: cannot happen
        }
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(timestampMs, key.array(), bytes.toByteArray())).buffer();
    }

    private static void writeString(java.io.DataOutputStream out, String value) throws java.io.IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static GroupSnapshot decodeGroup(ByteBuffer key, ByteBuffer value) {
        key.getShort();
        String groupId = string(key, key.getInt());
        if (value == null) {
            return new GroupSnapshot(groupId, 0, null, null, null, List.of());
        }
        short version = value.getShort();
        if (version != VALUE_VERSION) {
            throw new IllegalStateException("offsets log group value version " + version + " is not known");
        }
        int generation = value.getInt();
        String protocolType = nullableString(value);
        String protocolName = nullableString(value);
        String leader = nullableString(value);
        int count = value.getInt();
        if (count < 0 || count > value.remaining()) {
            throw new IllegalStateException("offsets log group record with " + count + " members overruns its record");
        }
        List<GroupSnapshot.Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new GroupSnapshot.Member(nullableString(value), nullableString(value), nullableString(value),
                nullableString(value), value.getInt(), value.getInt(), bytes(value), bytes(value)));
        }
        return new GroupSnapshot(groupId, generation, protocolType, protocolName, leader, List.copyOf(members));
    }

    private static String nullableString(ByteBuffer buffer) {
        int length = buffer.getInt();
        return length < 0 ? null : string(buffer, length);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("offsets log bytes of " + length + " overrun their record");
        }
        byte[] out = new byte[length];
        buffer.get(out);
        return out;
    }
}
