package dev.crucible.broker.metadata;

import dev.crucible.broker.metadata.Command.AllocateProducerIds;
import dev.crucible.broker.metadata.Command.AlterPartition;
import dev.crucible.broker.metadata.Command.CreatePartitions;
import dev.crucible.broker.metadata.Command.CreateTopic;
import dev.crucible.broker.metadata.Command.CreateTopics;
import dev.crucible.broker.metadata.Command.DeleteTopic;
import dev.crucible.broker.metadata.Command.FenceBroker;
import dev.crucible.broker.metadata.Command.RegisterBroker;
import dev.crucible.broker.metadata.Command.UnfenceBroker;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of commands (one per Raft entry), outcomes (the replies) and images (the snapshot body).
 * Each command starts with a format version and a type byte; lengths are checked against what is left,
 * so a damaged entry is refused with {@link IllegalArgumentException} before anything is allocated for it.
 */
public final class MetadataCodec {
    static final byte VERSION = 1;
    private static final int MAX_LIST = 1 << 20;

    private MetadataCodec() {
    }

    public static byte[] encode(Command command) {
        return write(out -> {
            out.writeByte(VERSION);
            if (command instanceof RegisterBroker c) {
                out.writeByte(1);
                out.writeInt(c.brokerId());
                writeUuid(out, c.incarnation());
                writeEndpoints(out, c.endpoints());
                writeNullable(out, c.rack());
            } else if (command instanceof FenceBroker c) {
                out.writeByte(2);
                out.writeInt(c.brokerId());
                out.writeLong(c.brokerEpoch());
            } else if (command instanceof UnfenceBroker c) {
                out.writeByte(3);
                out.writeInt(c.brokerId());
                out.writeLong(c.brokerEpoch());
            } else if (command instanceof CreateTopic c) {
                out.writeByte(4);
                writeCreateTopic(out, c);
            } else if (command instanceof CreateTopics c) {
                out.writeByte(9);
                out.writeInt(c.topics().size());
                for (CreateTopic t : c.topics()) {
                    writeCreateTopic(out, t);
                }
            } else if (command instanceof CreatePartitions c) {
                out.writeByte(5);
                writeUuid(out, c.topicId());
                out.writeInt(c.expectedCount());
                writeAssignments(out, c.assignments());
            } else if (command instanceof DeleteTopic c) {
                out.writeByte(6);
                writeUuid(out, c.topicId());
            } else if (command instanceof AlterPartition c) {
                out.writeByte(7);
                writeUuid(out, c.topicId());
                out.writeInt(c.partition());
                out.writeInt(c.brokerId());
                out.writeLong(c.brokerEpoch());
                out.writeInt(c.leaderEpoch());
                out.writeInt(c.partitionEpoch());
                writeInts(out, c.newIsr());
            } else if (command instanceof AllocateProducerIds c) {
                out.writeByte(8);
                out.writeInt(c.brokerId());
                out.writeLong(c.brokerEpoch());
                out.writeInt(c.blockSize());
            }
        });
    }

    /** The command in {@code bytes}; {@link IllegalArgumentException} naming what is wrong when they are not one. */
    public static Command decode(byte[] bytes) {
        return read(bytes, in -> {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown command format version " + version);
            }
            byte type = in.readByte();
            return switch (type) {
                case 1 -> new RegisterBroker(in.readInt(), readUuid(in), readEndpoints(in), readNullable(in));
                case 2 -> new FenceBroker(in.readInt(), in.readLong());
                case 3 -> new UnfenceBroker(in.readInt(), in.readLong());
                case 4 -> readCreateTopic(in);
                case 9 -> readCreateTopics(in);
                case 5 -> new CreatePartitions(readUuid(in), in.readInt(), readAssignments(in));
                case 6 -> new DeleteTopic(readUuid(in));
                case 7 -> new AlterPartition(readUuid(in), in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt(),
                    readInts(in));
                case 8 -> new AllocateProducerIds(in.readInt(), in.readLong(), in.readInt());
                default -> throw new IllegalArgumentException("unknown command type " + type);
            };
        });
    }

    public static byte[] encode(Outcome outcome) {
        return write(out -> writeOutcome(out, outcome, 0));
    }

    public static Outcome decodeOutcome(byte[] bytes) {
        return read(bytes, in -> readOutcome(in, 0));
    }

    private static void writeOutcome(DataOutputStream out, Outcome outcome, int depth) throws IOException {
        out.writeShort(outcome.error().code());
        writeNullable(out, outcome.message());
        out.writeLong(outcome.value());
        out.writeInt(depth == 0 ? outcome.parts().size() : 0);
        if (depth == 0) {
            for (Outcome part : outcome.parts()) {
                writeOutcome(out, part, 1);
            }
        }
    }

    private static Outcome readOutcome(DataInputStream in, int depth) throws IOException {
        Errors error = Errors.forCode(in.readShort());
        String message = readNullable(in);
        long value = in.readLong();
        int n = count(in);
        if (n > 0 && depth > 0) {
            throw new IllegalArgumentException("an outcome's part has parts of its own");
        }
        List<Outcome> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(readOutcome(in, depth + 1));
        }
        return new Outcome(error, message, value, parts);
    }

    private static void writeCreateTopic(DataOutputStream out, CreateTopic c) throws IOException {
        out.writeUTF(c.name());
        writeUuid(out, c.topicId());
        writeConfigs(out, c.configs());
        writeAssignments(out, c.assignments());
    }

    private static CreateTopic readCreateTopic(DataInputStream in) throws IOException {
        return new CreateTopic(in.readUTF(), readUuid(in), readConfigs(in), readAssignments(in));
    }

    private static CreateTopics readCreateTopics(DataInputStream in) throws IOException {
        int n = count(in);
        List<CreateTopic> topics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            topics.add(readCreateTopic(in));
        }
        return new CreateTopics(topics);
    }

    /** The image's content (without its applied index, which the snapshot's name carries). */
    public static byte[] encode(MetadataImage image) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeLong(image.appliedIndex());
            out.writeLong(image.nextProducerId());
            out.writeInt(image.brokers().size());
            for (BrokerRegistration b : image.brokers().values()) {
                out.writeInt(b.id());
                writeUuid(out, b.incarnation());
                out.writeLong(b.epoch());
                writeEndpoints(out, b.endpoints());
                writeNullable(out, b.rack());
                out.writeBoolean(b.fenced());
            }
            out.writeInt(image.topics().size());
            for (TopicImage t : image.topics().values()) {
                out.writeUTF(t.name());
                writeUuid(out, t.id());
                writeConfigs(out, t.configs());
                out.writeInt(t.partitions().size());
                for (PartitionState p : t.partitions()) {
                    writeInts(out, p.replicas());
                    writeInts(out, p.isr());
                    out.writeInt(p.leader());
                    out.writeInt(p.leaderEpoch());
                    out.writeInt(p.partitionEpoch());
                }
            }
        });
    }

    public static MetadataImage decodeImage(byte[] bytes) {
        return read(bytes, in -> {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown image format version " + version);
            }
            long index = in.readLong();
            long nextProducerId = in.readLong();
            TreeMap<Integer, BrokerRegistration> brokers = new TreeMap<>();
            int nb = count(in);
            for (int i = 0; i < nb; i++) {
                BrokerRegistration b = new BrokerRegistration(in.readInt(), readUuid(in), in.readLong(), readEndpoints(in),
                    readNullable(in), in.readBoolean());
                brokers.put(b.id(), b);
            }
            TreeMap<String, TopicImage> topics = new TreeMap<>();
            int nt = count(in);
            for (int i = 0; i < nt; i++) {
                String name = in.readUTF();
                Uuid id = readUuid(in);
                Map<String, String> configs = readConfigs(in);
                int np = count(in);
                List<PartitionState> partitions = new ArrayList<>(Math.min(np, 1024));
                for (int j = 0; j < np; j++) {
                    partitions.add(new PartitionState(readInts(in), readInts(in), in.readInt(), in.readInt(), in.readInt()));
                }
                topics.put(name, new TopicImage(name, id, configs, partitions));
            }
            return new MetadataImage(index, brokers, topics, nextProducerId);
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " bytes left over after the content");
            }
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated: the content ends early");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage(), e);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LIST || n > in.available()) {
            throw new IllegalArgumentException("bad count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }

    private static void writeUuid(DataOutputStream out, Uuid id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static Uuid readUuid(DataInputStream in) throws IOException {
        return new Uuid(in.readLong(), in.readLong());
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInts(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int n = count(in);
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return values;
    }

    private static void writeEndpoints(DataOutputStream out, List<Endpoint> endpoints) throws IOException {
        out.writeInt(endpoints.size());
        for (Endpoint e : endpoints) {
            out.writeUTF(e.listener());
            out.writeUTF(e.host());
            out.writeInt(e.port());
        }
    }

    private static List<Endpoint> readEndpoints(DataInputStream in) throws IOException {
        int n = count(in);
        List<Endpoint> endpoints = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            endpoints.add(new Endpoint(in.readUTF(), in.readUTF(), in.readInt()));
        }
        return endpoints;
    }

    private static void writeConfigs(DataOutputStream out, Map<String, String> configs) throws IOException {
        out.writeInt(configs.size());
        for (Map.Entry<String, String> e : new TreeMap<>(configs).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readConfigs(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, String> configs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            configs.put(in.readUTF(), in.readUTF());
        }
        return configs;
    }

    private static void writeAssignments(DataOutputStream out, List<List<Integer>> assignments) throws IOException {
        out.writeInt(assignments.size());
        for (List<Integer> replicas : assignments) {
            writeInts(out, replicas);
        }
    }

    private static List<List<Integer>> readAssignments(DataInputStream in) throws IOException {
        int n = count(in);
        List<List<Integer>> assignments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            assignments.add(readInts(in));
        }
        return assignments;
    }
}
