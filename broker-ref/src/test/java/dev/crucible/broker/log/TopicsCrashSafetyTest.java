package dev.crucible.broker.log;

import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.GroupCommitWriter;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topic create, grow and delete, failed or crashed part way: the disk states a crash can leave are
 * written as they would be, and a restart must roll back or finish them; a failure in the middle of a
 * create must leave nothing behind, on disk or in memory.
 */
class TopicsCrashSafetyTest {
    @TempDir
    Path dir;
    private GroupCommitWriter writer;
    private final Map<TopicConfigKey, String> defaults = defaults();

    private static Map<TopicConfigKey, String> defaults() {
        Map<TopicConfigKey, String> d = new EnumMap<>(TopicConfigKey.class);
        for (TopicConfigKey k : TopicConfigKey.values()) {
            d.put(k, k.defaultValue());
        }
        return d;
    }

    @BeforeEach
    void start() {
        BrokerLog.quiet(true);
        writer = GroupCommitWriter.start();
    }

    @AfterEach
    void stop() {
        writer.close();
        BrokerLog.quiet(false);
    }

    private Topics open() throws IOException {
        return Topics.open(dir, writer, defaults, AdmissionFactory.NONE);
    }

    private static void append(Partition p, String... values) throws Exception {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        java.util.concurrent.CompletableFuture<AppendRequest> done = new java.util.concurrent.CompletableFuture<>();
        p.append(MemoryRecords.withRecords(Compression.NONE, records).buffer(), done::complete);
        assertThat(done.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    private List<String> dirsStartingWith(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void aCreateFailingPartWayLeavesNothingOnDiskOrInMemory() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AdmissionFactory failsOnTheFifth = (log, config) -> {
            if (opened.incrementAndGet() == 5) {
                throw new IOException("disk said no");
            }
            return null;
        };
        try (Topics topics = Topics.open(dir, writer, defaults, failsOnTheFifth,
                new Topics.Options(100, new ResourceBudget(1 << 20, 1 << 20), null, false, null))) {
            assertThatThrownBy(() -> topics.create("half", 8, Map.of())).hasMessageContaining("disk said no");
            assertThat(topics.get("half")).isNull();
            assertThat(topics.partitionCount()).isZero();
            assertThat(dirsStartingWith("half")).isEmpty();
            assertThat(new TopicStore(dir).loadAll()).isEmpty();
            Topic again = topics.create("half", 3, Map.of());
            assertThat(again.partitionCount()).isEqualTo(3);
        }
    }

    @Test
    void aCreateInterruptedByACrashIsRolledBackAtStart() throws Exception {
        Uuid id = Uuid.randomUuid();
        new TopicStore(dir).save(new TopicStore.Entry("torn", id, 4, Map.of(), TopicStore.State.CREATING));
        for (int i = 0; i < 2; i++) { // the crash came after two of four directories
            Files.createDirectories(dir.resolve("torn-" + i));
            PartitionMarker.write(dir.resolve("torn-" + i), id);
        }
        try (Topics topics = open()) {
            assertThat(topics.get("torn")).isNull();
            assertThat(dirsStartingWith("torn")).isEmpty();
            assertThat(new TopicStore(dir).loadAll()).isEmpty();
        }
    }

    @Test
    void aDeleteInterruptedByACrashIsFinishedAtStartAndNoOldDataComesBack() throws Exception {
        Uuid oldId;
        try (Topics topics = open()) {
            Topic t = topics.create("t", 2, Map.of());
            oldId = t.id();
            append(t.partition(0), "old-a", "old-b");
        }
        // the crash came right after the delete's commit point: entry DELETING, directories still there
        TopicStore store = new TopicStore(dir);
        store.save(new TopicStore.Entry("t", oldId, 2, Map.of(), TopicStore.State.DELETING));
        try (Topics topics = open()) {
            assertThat(topics.get("t")).isNull();
            assertThat(dirsStartingWith("t-")).isEmpty();
            Topic fresh = topics.create("t", 2, Map.of());
            assertThat(fresh.id()).isNotEqualTo(oldId);
            assertThat(fresh.partition(0).log().logEndOffset()).as("no old record under the new id").isZero();
        }
    }

    /** What the broker before markers could leave: the topic file gone, its directories still there. */
    @Test
    void directoriesOfAVanishedTopicAreSetAsideNotServedUnderANewOne() throws Exception {
        try (Topics topics = open()) {
            append(topics.create("t", 1, Map.of()).partition(0), "old");
        }
        Files.delete(dir.resolve(TopicStore.DIR).resolve("t.properties"));
        try (Topics topics = open()) {
            assertThat(dirsStartingWith("t-0")).singleElement().asString().endsWith("-stray");
            Topic fresh = topics.create("t", 1, Map.of());
            assertThat(fresh.partition(0).log().logEndOffset()).isZero();
        }
    }

    @Test
    void aDirectoryMarkedWithAnotherTopicIdIsNotServed() throws Exception {
        Uuid id;
        try (Topics topics = open()) {
            Topic t = topics.create("t", 1, Map.of());
            id = t.id();
            append(t.partition(0), "mine");
        }
        PartitionMarker.write(dir.resolve("t-0"), Uuid.randomUuid()); // data of another incarnation
        try (Topics topics = open()) {
            Topic t = topics.get("t");
            assertThat(t.id()).isEqualTo(id);
            assertThat(t.partition(0).log().logEndOffset()).isZero();
            assertThat(PartitionMarker.read(dir.resolve("t-0"))).isEqualTo(id);
            assertThat(dirsStartingWith("t-0.")).singleElement().asString().endsWith("-stray");
        }
    }

    @Test
    void partitionsAddedPastTheStoredCountBeforeACrashAreSetAside() throws Exception {
        Uuid id;
        try (Topics topics = open()) {
            id = topics.create("g", 2, Map.of()).id();
        }
        Files.createDirectories(dir.resolve("g-2")); // a grow that crashed before its entry was saved
        PartitionMarker.write(dir.resolve("g-2"), id);
        try (Topics topics = open()) {
            assertThat(topics.get("g").partitionCount()).isEqualTo(2);
            assertThat(dirsStartingWith("g-2")).singleElement().asString().endsWith("-stray");
            assertThat(topics.addPartitions("g", 3, false).partitionCount()).isEqualTo(3);
        }
    }

    @Test
    void dataOfAPreMarkerBrokerIsKeptAndMarked() throws Exception {
        Uuid id;
        try (Topics topics = open()) {
            Topic t = topics.create("legacy", 1, Map.of());
            id = t.id();
            append(t.partition(0), "kept");
        }
        Files.delete(dir.resolve("legacy-0").resolve(PartitionMarker.FILE));
        try (Topics topics = open()) {
            assertThat(topics.get("legacy").partition(0).log().logEndOffset()).isEqualTo(1);
            assertThat(PartitionMarker.read(dir.resolve("legacy-0"))).isEqualTo(id);
        }
    }

    @Test
    void aCreatePastTheBudgetIsRefusedAsPolicyViolationWithNothingWritten() throws Exception {
        try (Topics topics = Topics.open(dir, writer, defaults, AdmissionFactory.NONE,
                new Topics.Options(5, new ResourceBudget(1 << 20, 1 << 20), null, false, null))) {
            topics.create("a", 3, Map.of());
            assertThatThrownBy(() -> topics.create("b", 3, Map.of()))
                .isInstanceOfSatisfying(TopicException.class, e -> assertThat(e.kind()).isEqualTo(TopicException.Kind.POLICY))
                .hasMessageContaining("max.broker.partitions=5");
            assertThatThrownBy(() -> topics.addPartitions("a", 6, false)).isInstanceOf(TopicException.class);
            assertThat(dirsStartingWith("b")).isEmpty();
            assertThat(topics.get("a").partitionCount()).isEqualTo(3);
        }
        try (Topics topics = Topics.open(dir, writer, defaults, AdmissionFactory.NONE,
                new Topics.Options(1000, new ResourceBudget(300, 1 << 20), null, false, null))) {
            assertThatThrownBy(() -> topics.create("c", 200, Map.of())).hasMessageContaining("ulimit -n");
        }
    }
}
