package dev.crucible.broker.log;

import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.net.BrokerLog;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The broker's topics: lookup by name or id from any thread; creation, deletion and new partitions
 * one at a time (synchronized: they are rare and touch the disk). Every change is on disk before it
 * is visible, so what a client was told exists survives a restart.
 */
public final class Topics implements AutoCloseable {
    public static final int MAX_NAME_LENGTH = 249;
    private final Path dataDir;
    private final TopicStore store;
    private final GroupCommitWriter writer;
    private final Map<TopicConfigKey, String> defaults;
    private final AdmissionFactory admissions;
    private final ConcurrentHashMap<String, Topic> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Uuid, Topic> byId = new ConcurrentHashMap<>();

    private Topics(Path dataDir, GroupCommitWriter writer, Map<TopicConfigKey, String> defaults,
                   AdmissionFactory admissions) throws IOException {
        this.dataDir = dataDir;
        this.store = new TopicStore(dataDir);
        this.writer = writer;
        this.defaults = defaults;
        this.admissions = admissions;
    }

    /** Opens (recovering every log) the topics stored in {@code dataDir}. */
    public static Topics open(Path dataDir, GroupCommitWriter writer, Map<TopicConfigKey, String> defaults,
                              AdmissionFactory admissions) throws IOException {
        Topics topics = new Topics(dataDir, writer, defaults, admissions);
        topics.removeDeletedDirs();
        for (TopicStore.Entry entry : topics.store.loadAll()) {
            TopicConfig config;
            try {
                config = TopicConfig.of(defaults, entry.overrides());
            } catch (IllegalArgumentException e) {
                throw new IOException("topic " + entry.name() + " has a config this broker refuses: " + e.getMessage(), e);
            }
            Partition[] partitions = new Partition[entry.partitions()];
            for (int i = 0; i < partitions.length; i++) {
                partitions[i] = topics.openPartition(entry.name(), i, config);
            }
            topics.publish(new Topic(entry.name(), entry.id(), config, partitions));
        }
        return topics;
    }

    public Topic get(String name) {
        return name == null ? null : byName.get(name);
    }

    public Topic get(Uuid id) {
        return id == null ? null : byId.get(id);
    }

    public Collection<Topic> all() {
        List<Topic> list = new ArrayList<>(byName.values());
        list.sort(Comparator.comparing(Topic::name));
        return list;
    }

    public Map<TopicConfigKey, String> defaults() {
        return defaults;
    }

    /**
     * Validates a topic name as Kafka does; returns null when valid, else why not.
     */
    public static String invalidNameReason(String name) {
        if (name == null || name.isEmpty()) {
            return "topic name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "topic name cannot be '.' or '..'";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "topic name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "topic name '" + name + "' has a character other than ASCII alphanumerics, '.', '_' and '-'";
            }
        }
        if (name.startsWith("__crucible")) {
            return "topic names starting with __crucible are reserved";
        }
        return null;
    }

    /** Checks a creation without doing it; throws {@link TopicException} as {@link #create} would. */
    public TopicConfig validateCreate(String name, int partitions, Map<String, String> overrides) {
        String invalid = invalidNameReason(name);
        if (invalid != null) {
            throw new TopicException(TopicException.Kind.INVALID_NAME, invalid);
        }
        if (byName.containsKey(name)) {
            throw new TopicException(TopicException.Kind.EXISTS, "topic '" + name + "' already exists");
        }
        if (partitions < 1 || partitions > 100_000) {
            throw new TopicException(TopicException.Kind.INVALID_PARTITIONS, "number of partitions must be 1..100000, was " + partitions);
        }
        try {
            return TopicConfig.of(defaults, overrides);
        } catch (IllegalArgumentException e) {
            throw new TopicException(TopicException.Kind.INVALID_CONFIG, e.getMessage());
        }
    }

    /** Creates a topic, on disk first. */
    public synchronized Topic create(String name, int partitions, Map<String, String> overrides) throws IOException {
        TopicConfig config = validateCreate(name, partitions, overrides);
        Uuid id = Uuid.randomUuid();
        store.save(new TopicStore.Entry(name, id, partitions, config.overrides()));
        Partition[] opened = new Partition[partitions];
        for (int i = 0; i < partitions; i++) {
            opened[i] = openPartition(name, i, config);
        }
        Topic topic = new Topic(name, id, config, opened);
        publish(topic);
        BrokerLog.info("created topic " + name + " (" + partitions + " partitions, id " + id + ")");
        return topic;
    }

    /** Returns the topic, creating it with the default partition count when it does not exist. */
    public Topic getOrCreate(String name, int partitions) throws IOException {
        Topic topic = byName.get(name);
        if (topic != null) {
            return topic;
        }
        synchronized (this) {
            topic = byName.get(name);
            return topic != null ? topic : create(name, partitions, Map.of());
        }
    }

    /** Raises the partition count (never lowers it). */
    public synchronized Topic addPartitions(String name, int newCount, boolean validateOnly) throws IOException {
        Topic topic = byName.get(name);
        if (topic == null) {
            throw new TopicException(TopicException.Kind.UNKNOWN, "topic '" + name + "' does not exist");
        }
        if (newCount <= topic.partitionCount()) {
            throw new TopicException(TopicException.Kind.INVALID_PARTITIONS, "topic '" + name + "' has "
                + topic.partitionCount() + " partitions; the new count must be larger, was " + newCount);
        }
        if (newCount > 100_000) {
            throw new TopicException(TopicException.Kind.INVALID_PARTITIONS, "at most 100000 partitions");
        }
        if (validateOnly) {
            return topic;
        }
        store.save(new TopicStore.Entry(name, topic.id(), newCount, topic.config().overrides()));
        Partition[] partitions = java.util.Arrays.copyOf(topic.partitions(), newCount);
        for (int i = topic.partitionCount(); i < newCount; i++) {
            partitions[i] = openPartition(name, i, topic.config());
        }
        Topic grown = new Topic(name, topic.id(), topic.config(), partitions);
        publish(grown);
        return grown;
    }

    /** Deletes a topic: gone from the store first, then its logs closed and their directories removed. */
    public synchronized void delete(String name) throws IOException {
        Topic topic = byName.get(name);
        if (topic == null) {
            throw new TopicException(TopicException.Kind.UNKNOWN, "topic '" + name + "' does not exist");
        }
        store.delete(name);
        byName.remove(name);
        byId.remove(topic.id());
        for (Partition p : topic.partitions()) {
            p.log().close();
            Path dir = p.log().dir();
            Path doomed = dir.resolveSibling(dir.getFileName() + "." + topic.id() + "-delete");
            Files.move(dir, doomed);
            deleteRecursively(doomed);
        }
        BrokerLog.info("deleted topic " + name);
    }

    private Partition openPartition(String topic, int index, TopicConfig config) throws IOException {
        Log log = Log.open(dataDir.resolve(topic + "-" + index), config.toLogConfig(), writer);
        return new Partition(topic, index, log, admissions.create(log, config));
    }

    private void publish(Topic topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
    }

    private void removeDeletedDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (d.getFileName().toString().endsWith("-delete")) {
                    deleteRecursively(d);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Closes every log (each flushes what it holds). */
    @Override
    public synchronized void close() {
        for (Topic topic : byName.values()) {
            for (Partition p : topic.partitions()) {
                p.log().close();
            }
        }
        byName.clear();
        byId.clear();
    }
}
