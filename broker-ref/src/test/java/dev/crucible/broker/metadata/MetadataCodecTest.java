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
import dev.crucible.testing.Tries;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The metadata codec: commands, outcomes and images come back equal; every truncation is refused,
 * and a changed byte either still decodes to something or is refused, always with
 * {@link IllegalArgumentException} (never another exception, never a huge allocation from a lying
 * count). The snapshot file refuses any damage with an {@link IOException} that names it.
 */
class MetadataCodecTest {
    private static final Uuid TOPIC = new Uuid(0x1234, 0x5678);

    @TempDir
    Path dir;

    static List<Command> everyKind() {
        return List.of(
            new RegisterBroker(3, new Uuid(7, 8), List.of(new Endpoint("PLAINTEXT", "host-3", 9092), new Endpoint("CONTROLLER", "h", 9093)),
                "rack-é"),
            new RegisterBroker(0, new Uuid(-1, 0), List.of(new Endpoint("PLAINTEXT", "", 0)), null),
            new FenceBroker(1, Long.MAX_VALUE),
            new UnfenceBroker(2, 17),
            new CreateTopic("orders", TOPIC, Map.of("min.insync.replicas", "2", "cleanup.policy", "delete"),
                List.of(List.of(1, 2, 3), List.of(2, 3, 1))),
            new CreateTopic("t", TOPIC, Map.of(), List.of()),
            new CreateTopics(List.of(new CreateTopic("a", TOPIC, Map.of("retention.ms", "1"), List.of(List.of(1))),
                new CreateTopic("b", new Uuid(3, 4), Map.of(), List.of(List.of(2), List.of(0))))),
            new CreateTopics(List.of()),
            new CreatePartitions(TOPIC, 2, List.of(List.of(3, 1, 2))),
            new DeleteTopic(TOPIC),
            new AlterPartition(TOPIC, 5, 2, 99, 3, 8, List.of(2, 3)),
            new AllocateProducerIds(1, 42, 1000));
    }

    @Test
    void everyKindOfCommandRoundTrips() {
        for (Command c : everyKind()) {
            assertThat(MetadataCodec.decode(MetadataCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void randomCommandsAndImagesRoundTrip() {
        Tries.check("metadata codec round trip", 100, 300, (seed, size) -> {
            RandomCommands.Run run = RandomCommands.run(seed, size);
            for (RandomCommands.Step step : run.steps()) {
                assertThat(MetadataCodec.decode(MetadataCodec.encode(step.command()))).isEqualTo(step.command());
            }
            for (Outcome o : run.outcomes()) {
                assertThat(MetadataCodec.decodeOutcome(MetadataCodec.encode(o))).isEqualTo(o);
            }
            assertThat(MetadataCodec.decodeImage(MetadataCodec.encode(run.last()))).isEqualTo(run.last());
        });
    }

    @Test
    void outcomesRoundTrip() {
        for (Outcome o : List.of(Outcome.ok(0), Outcome.ok(Long.MIN_VALUE), Outcome.refused(Errors.STALE_BROKER_EPOCH, "old epoch"),
            new Outcome(Errors.NONE, "with a message", 5),
            new Outcome(Errors.NONE, null, 2, List.of(Outcome.ok(1), Outcome.refused(Errors.TOPIC_ALREADY_EXISTS, "exists"))))) {
            assertThat(MetadataCodec.decodeOutcome(MetadataCodec.encode(o))).isEqualTo(o);
        }
    }

    @Test
    void theEmptyImageRoundTrips() {
        assertThat(MetadataCodec.decodeImage(MetadataCodec.encode(MetadataImage.EMPTY))).isEqualTo(MetadataImage.EMPTY);
    }

    @Test
    void everyTruncationOfACommandOrAnImageIsRefused() {
        for (Command c : everyKind()) {
            everyTruncationRefused(MetadataCodec.encode(c), MetadataCodec::decode);
        }
        Tries.check("truncated image refused", 30, 200, (seed, size) ->
            everyTruncationRefused(MetadataCodec.encode(RandomCommands.run(seed, size).last()), MetadataCodec::decodeImage));
    }

    private static void everyTruncationRefused(byte[] bytes, Function<byte[], ?> decoder) {
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            Throwable t = catchThrowable(() -> decoder.apply(cut));
            assertThat(t).as("the first %d of %d bytes", n, bytes.length).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThat(catchThrowable(() -> decoder.apply(longer))).as("a byte too many").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedByteDecodesToSomethingOrIsRefusedWithIllegalArgument() {
        Tries.check("flipped command bytes", 300, 200, (seed, size) -> {
            SplittableRandom random = new SplittableRandom(seed);
            RandomCommands.Run run = RandomCommands.run(seed, 1 + size / 4);
            for (RandomCommands.Step step : run.steps()) {
                flipAndDecode(random, MetadataCodec.encode(step.command()), MetadataCodec::decode);
            }
            flipAndDecode(random, MetadataCodec.encode(run.last()), MetadataCodec::decodeImage);
            flipAndDecode(random, MetadataCodec.encode(run.outcomes().get(run.outcomes().size() - 1)), MetadataCodec::decodeOutcome);
        });
    }

    private static void flipAndDecode(SplittableRandom random, byte[] bytes, Function<byte[], ?> decoder) {
        byte[] changed = bytes.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            int at = random.nextInt(changed.length);
            changed[at] ^= (byte) (1 + random.nextInt(255));
        }
        Throwable t = catchThrowable(() -> decoder.apply(changed));
        if (t != null) {
            assertThat(t).as("decoding %s", Arrays.toString(changed)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aHugeCountIsRefusedBeforeAnythingIsAllocated() {
        byte[] create = MetadataCodec.encode(new CreateTopic("t", TOPIC, Map.of(), List.of(List.of(1))));
        // version, type, name (2 + 1), id (16), configs count (4), assignments count (4) ...
        int assignmentsCount = 2 + 3 + 16 + 4;
        for (int count : new int[] {Integer.MAX_VALUE, 1 << 20, (1 << 20) + 1, -1, Integer.MIN_VALUE, 2}) {
            byte[] lying = create.clone();
            ByteBuffer.wrap(lying).putInt(assignmentsCount, count);
            assertThatThrownBy(() -> MetadataCodec.decode(lying)).as("count %d", count).isInstanceOf(IllegalArgumentException.class);
            byte[] lyingInner = create.clone();
            ByteBuffer.wrap(lyingInner).putInt(assignmentsCount + 4, count);
            assertThatThrownBy(() -> MetadataCodec.decode(lyingInner)).as("inner count %d", count).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] image = MetadataCodec.encode(MetadataImage.EMPTY);
        ByteBuffer.wrap(image).putInt(1 + 8 + 8, Integer.MAX_VALUE); // the broker count
        assertThatThrownBy(() -> MetadataCodec.decodeImage(image)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownVersionOrTypeIsRefused() {
        byte[] fence = MetadataCodec.encode(new FenceBroker(1, 2));
        byte[] badVersion = fence.clone();
        badVersion[0] = 9;
        assertThatThrownBy(() -> MetadataCodec.decode(badVersion)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        byte[] badType = fence.clone();
        badType[1] = 99;
        assertThatThrownBy(() -> MetadataCodec.decode(badType)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
        byte[] badPort = MetadataCodec.encode(new RegisterBroker(1, new Uuid(1, 1), List.of(new Endpoint("P", "h", 1)), null));
        ByteBuffer.wrap(badPort).putInt(badPort.length - 1 - 4, 70000);
        assertThatThrownBy(() -> MetadataCodec.decode(badPort)).isInstanceOf(IllegalArgumentException.class);
    }

    private MetadataImage someImage() {
        return RandomCommands.run(7, 120).last();
    }

    @Test
    void aSnapshotFileRoundTripsAndReplacesTheOldOne() throws IOException {
        Path file = dir.resolve("snapshot");
        MetadataSnapshot.write(file, MetadataImage.EMPTY);
        MetadataImage image = someImage();
        MetadataSnapshot.write(file, image);
        assertThat(MetadataSnapshot.read(file)).isEqualTo(image);
        assertThat(Files.exists(dir.resolve("snapshot.tmp"))).isFalse();
    }

    @Test
    void aSnapshotFileWithAnyChangedByteIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("snapshot");
        MetadataSnapshot.write(file, someImage());
        byte[] good = Files.readAllBytes(file);
        SplittableRandom random = new SplittableRandom(1);
        for (int at = 0; at < good.length; at++) {
            byte[] bad = good.clone();
            bad[at] ^= (byte) (1 + random.nextInt(255));
            Files.write(file, bad);
            assertThatThrownBy(() -> MetadataSnapshot.read(file)).as("byte %d of %d changed", at, good.length)
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
        }
    }

    @Test
    void aTruncatedOrExtendedSnapshotFileIsRefused() throws IOException {
        Path file = dir.resolve("snapshot");
        MetadataSnapshot.write(file, someImage());
        byte[] good = Files.readAllBytes(file);
        for (int n = 0; n < good.length; n++) {
            Files.write(file, Arrays.copyOf(good, n));
            assertThatThrownBy(() -> MetadataSnapshot.read(file)).as("cut to %d of %d", n, good.length)
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
        }
        Files.write(file, Arrays.copyOf(good, good.length + 3));
        assertThatThrownBy(() -> MetadataSnapshot.read(file)).isInstanceOf(IOException.class).hasMessageContaining("holds");
    }

    @Test
    void aSnapshotWhoseBodyPassesItsCrcButIsNotAnImageIsRefusedWithIoException() throws IOException {
        Path file = dir.resolve("snapshot");
        byte[] body = {9, 9, 9};
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer content = ByteBuffer.allocate(12 + body.length).putInt(0x43524d53).putInt(body.length).putInt((int) crc.getValue()).put(body);
        Files.write(file, content.array());
        assertThatThrownBy(() -> MetadataSnapshot.read(file)).isInstanceOf(IOException.class).hasMessageContaining("version");
    }
}
