package dev.crucible.broker.log;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.OrderedAppender;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * The broker's topics: lookup by name or id from any thread; creation, deletion and new partitions
 * one at a time (synchronized: they are rare and touch the disk). Every change is on disk before it
 * is visible, so what a client was told exists survives a restart; and every change is atomic on disk
 * and in memory: a failure or crash part way leaves the topic as it was before (see
 * {@link TopicStore} for the states, {@link PartitionMarker} for the directory markers). A create that
 * would pass {@code max.broker.partitions} or the process's file and map budgets is refused before
 * anything is written.
 */
public final class Topics implements AutoCloseable {
    public static final int MAX_NAME_LENGTH = 249;
    /** How long a produce may wait for room in the log writer's queue before it is answered as timed out. */
    static final long APPEND_GIVE_UP_MS = 30_000;
    /** Partitions of one topic at most. */
    public static final int MAX_PARTITIONS_PER_TOPIC = 100_000;
    private final Path dataDir;
    private final TopicStore store;
    private final GroupCommitWriter writer;
    private final Map<TopicConfigKey, String> defaults;
    private final AdmissionFactory admissions;
    private final Options options;
    private volatile boolean uncleanClose;
    private final ConcurrentHashMap<String, Topic> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Uuid, Topic> byId = new ConcurrentHashMap<>();

    /**
     * How the topics are kept.
     *
     * @param maxPartitions  {@code max.broker.partitions}
     * @param budget         the process's open-file and memory-map budgets
     * @param timers         retries appends that met a full writer queue, so no caller ever blocks on
     *                       one; null: such an append blocks its caller (tools and tests)
     * @param cleanShutdown  the broker stopped cleanly last time: logs open without validating their
     *                       active segments again
     * @param recoveryPoints after a stop that was not clean, the saved recovery points
     *                       ({@link RecoveryCheckpoint}); null: validate active segments only
     */
    public record Options(int maxPartitions, ResourceBudget budget, ScheduledExecutorService timers,
                          boolean cleanShutdown, Map<String, RecoveryCheckpoint.Point> recoveryPoints) {
        /** No partition limit, this process's budgets, no timers, active segments validated. */
        public static Options unlimited() {
            return new Options(Integer.MAX_VALUE, ResourceBudget.ofThisProcess(), null, false, null);
        }
    }

    private Topics(Path dataDir, GroupCommitWriter writer, Map<TopicConfigKey, String> defaults,
                   AdmissionFactory admissions, Options options) throws IOException {
        this.dataDir = dataDir;
        this.store = new TopicStore(dataDir);
        this.writer = writer;
        this.defaults = defaults;
        this.admissions = admissions;
        this.options = options;
    }

    /** As the full {@link #open}, with {@link Options#unlimited()} (tools and tests). */
    public static Topics open(Path dataDir, GroupCommitWriter writer, Map<TopicConfigKey, String> defaults,
                              AdmissionFactory admissions) throws IOException {
        return open(dataDir, writer, defaults, admissions, Options.unlimited());
    }

    /**
     * Opens (recovering every log) the topics stored in {@code dataDir}: half-done creates are rolled
     * back, half-done deletes finished, directories no topic owns set aside.
     */
    public static Topics open(Path dataDir, GroupCommitWriter writer, Map<TopicConfigKey, String> defaults,
                              AdmissionFactory admissions, Options options) throws IOException {
        Topics topics = new Topics(dataDir, writer, defaults, admissions, options);
        PartitionDirs.removeDeleted(dataDir);
        Set<Path> owned = new HashSet<>();
        for (TopicStore.Entry entry : topics.store.loadAll()) {
            if (entry.state() == TopicStore.State.READY) {
                topics.openStored(entry, owned);
            } else {
                topics.removeDirsAndEntry(entry);
                BrokerLog.warn((entry.state() == TopicStore.State.CREATING ? "rolled back the unfinished create"
                    : "finished the interrupted delete") + " of topic " + entry.name() + " (id " + entry.id() + ")");
            }
        }
        topics.setAsideUnowned(owned);
        return topics;
    }

    private void openStored(TopicStore.Entry entry, Set<Path> owned) throws IOException {
        TopicConfig config;
        try {
            config = TopicConfig.of(defaults, entry.overrides());
        } catch (IllegalArgumentException e) {
            throw new IOException("topic " + entry.name() + " has a config this broker refuses: " + e.getMessage(), e);
        }
        Partition[] partitions = new Partition[entry.partitions()];
        try {
            for (int i = 0; i < partitions.length; i++) {
                if (!entry.hosts(i)) {
                    continue;
                }
                Path dir = PartitionDirs.of(dataDir, entry.name(), i);
                Uuid marked = PartitionMarker.read(dir);
                if (marked != null && !marked.equals(entry.id())) {
                    PartitionDirs.setAside(dir, "it holds topic id " + marked + ", the topic is now " + entry.id());
                    marked = null;
                }
                if (marked == null) {
                    Files.createDirectories(dir);
                    PartitionMarker.write(dir, entry.id()); // directories from before markers existed
                }
                partitions[i] = openPartition(entry.name(), i, config, recoveryPointOf(dir, entry.id()));
                owned.add(dir);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(partitions);
            throw tooManyFiles(e);
        }
        publish(new Topic(entry.name(), entry.id(), config, partitions));
    }

    /** Names the limit when opening failed for want of file descriptors, which is what an operator can fix. */
    private IOException tooManyFiles(Exception e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("Too many open files")) {
            return new IOException(text + ": the data directory holds more partitions and segments than this process"
                + " may open; raise the open-file limit (ulimit -n) and start again", e);
        }
        return e instanceof IOException io ? io : new IOException(e);
    }

    /** Partition directories with a marker that no open topic owns: left by a crash; never served. */
    private void setAsideUnowned(Set<Path> owned) throws IOException {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (!owned.contains(d) && Files.isDirectory(d) && Files.exists(d.resolve(PartitionMarker.FILE))) {
                    PartitionDirs.setAside(d, "no topic owns it (marked " + PartitionMarker.read(d) + ")");
                }
            }
        }
    }

    /** Removes the directories of a stored entry that carry its id (or none), then the entry. */
    private void removeDirsAndEntry(TopicStore.Entry entry) throws IOException {
        for (int i = 0; i < entry.partitions(); i++) {
            Path dir = PartitionDirs.of(dataDir, entry.name(), i);
            Uuid marked = Files.exists(dir) ? PartitionMarker.read(dir) : null;
            if (Files.exists(dir) && (marked == null || marked.equals(entry.id()))) {
                PartitionDirs.remove(dir, entry.id().toString());
            }
        }
        store.delete(entry.name());
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
        if (partitions < 1 || partitions > MAX_PARTITIONS_PER_TOPIC) {
            throw new TopicException(TopicException.Kind.INVALID_PARTITIONS, "number of partitions must be 1.."
                + MAX_PARTITIONS_PER_TOPIC + ", was " + partitions);
        }
        checkRoomFor(partitions);
        try {
            return TopicConfig.of(defaults, overrides);
        } catch (IllegalArgumentException e) {
            throw new TopicException(TopicException.Kind.INVALID_CONFIG, e.getMessage());
        }
    }

    /**
     * Refuses (POLICY_VIOLATION) partitions past {@code max.broker.partitions} or past what the
     * process can open; says which limit and by how much.
     */
    public void checkRoomFor(int more) {
        long held = partitionCount();
        if (held + more > options.maxPartitions()) {
            throw new TopicException(TopicException.Kind.POLICY, more + " more partitions would make " + (held + more)
                + " on this broker, past max.broker.partitions=" + options.maxPartitions() + " (" + held + " held now)");
        }
        String refusal = options.budget().refusal(more);
        if (refusal != null) {
            throw new TopicException(TopicException.Kind.POLICY, refusal);
        }
    }

    /** Partitions of every topic. */
    public long partitionCount() {
        long n = 0;
        for (Topic topic : byName.values()) {
            n += topic.hostedCount();
        }
        return n;
    }

    /**
     * Creates a topic, on disk first: the entry as CREATING, the marked partition directories, the
     * entry as READY, then it becomes visible. A failure part way removes what was made and leaves
     * the broker as it was; a crash part way is rolled back at the next start.
     */
    public synchronized Topic create(String name, int partitions, Map<String, String> overrides) throws IOException {
        TopicConfig config = validateCreate(name, partitions, overrides);
        TopicStore.Entry entry = new TopicStore.Entry(name, Uuid.randomUuid(), partitions, config.overrides(),
            TopicStore.State.CREATING);
        store.save(entry);
        Partition[] opened = new Partition[partitions];
        try {
            for (int i = 0; i < partitions; i++) {
                opened[i] = createPartition(name, i, entry.id(), config);
            }
            store.save(entry.withState(TopicStore.State.READY));
        } catch (IOException | RuntimeException e) {
            closeAll(opened);
            undo(() -> removeDirsAndEntry(entry), "roll back the create of " + name);
            throw e;
        }
        options.budget().granted(partitions);
        Topic topic = new Topic(name, entry.id(), config, opened);
        publish(topic);
        BrokerLog.info("created topic " + name + " (" + partitions + " partitions, id " + entry.id() + ")");
        return topic;
    }

    /** A new partition directory: anything already there belongs to no live topic and is set aside. */
    private Partition createPartition(String topic, int index, Uuid id, TopicConfig config) throws IOException {
        Path dir = PartitionDirs.of(dataDir, topic, index);
        if (Files.exists(dir)) {
            PartitionDirs.setAside(dir, "a new partition " + topic + "-" + index + " (topic id " + id + ") is created there");
        }
        Files.createDirectories(dir);
        PartitionMarker.write(dir, id);
        return openPartition(topic, index, config, 0);
    }

    private long recoveryPointOf(Path dir, Uuid id) {
        Map<String, RecoveryCheckpoint.Point> points = options.recoveryPoints();
        return points == null ? Log.ACTIVE_ONLY : RecoveryCheckpoint.pointOf(points, dir.getFileName().toString(), id.toString());
    }

    /** Every partition's recovery point now, by directory name, for {@link RecoveryCheckpoint}. */
    public Map<String, RecoveryCheckpoint.Point> recoveryPoints() {
        Map<String, RecoveryCheckpoint.Point> points = new java.util.HashMap<>();
        for (Topic topic : byName.values()) {
            for (Partition p : topic.partitions()) {
                if (p == null) {
                    continue;
                }
                points.put(p.log().dir().getFileName().toString(),
                    new RecoveryCheckpoint.Point(p.log().recoveryPoint(), topic.id().toString()));
            }
        }
        return points;
    }

    private interface Undo {
        void run() throws IOException;
    }

    private static void undo(Undo step, String what) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            BrokerLog.warn("could not " + what + " (the next start finishes it): " + e);
        }
    }

    private static void closeAll(Partition[] partitions) {
        for (Partition p : partitions) {
            if (p != null) {
                p.close();
            }
        }
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

    /**
     * Raises the partition count (never lowers it): the new directories first, then the entry, then
     * the bigger topic is visible. A failure part way removes the new directories; a crash part way
     * leaves directories past the stored count, which the next start sets aside.
     */
    public synchronized Topic addPartitions(String name, int newCount, boolean validateOnly) throws IOException {
        Topic topic = byName.get(name);
        if (topic == null) {
            throw new TopicException(TopicException.Kind.UNKNOWN, "topic '" + name + "' does not exist");
        }
        if (newCount <= topic.partitionCount()) {
            throw new TopicException(TopicException.Kind.INVALID_PARTITIONS, "topic '" + name + "' has "
                + topic.partitionCount() + " partitions; the new count must be larger, was " + newCount);
        }
        if (newCount > MAX_PARTITIONS_PER_TOPIC) {
            throw new TopicException(TopicException.Kind.INVALID_PARTITIONS, "at most " + MAX_PARTITIONS_PER_TOPIC
                + " partitions, was " + newCount);
        }
        checkRoomFor(newCount - topic.partitionCount());
        if (validateOnly) {
            return topic;
        }
        Partition[] partitions = Arrays.copyOf(topic.partitions(), newCount);
        Partition[] added = new Partition[newCount - topic.partitionCount()];
        try {
            for (int i = topic.partitionCount(); i < newCount; i++) {
                partitions[i] = createPartition(name, i, topic.id(), topic.config());
                added[i - topic.partitionCount()] = partitions[i];
            }
            store.save(new TopicStore.Entry(name, topic.id(), newCount, topic.config().overrides(), TopicStore.State.READY));
        } catch (IOException | RuntimeException e) {
            closeAll(added);
            for (int i = topic.partitionCount(); i < newCount; i++) {
                Path dir = PartitionDirs.of(dataDir, name, i);
                undo(() -> PartitionDirs.remove(dir, topic.id().toString()), "remove " + dir);
            }
            throw e;
        }
        options.budget().granted(added.length);
        Topic grown = new Topic(name, topic.id(), topic.config(), partitions);
        publish(grown);
        return grown;
    }

    /**
     * Makes this broker hold the given partitions of a topic the cluster metadata has (created there,
     * placed here): the topic's entry is written as in {@link #create}, with the hosted set, and
     * partitions are added as the topic grows or more are placed here. A local topic of that name with
     * another id is from before a delete this broker missed: it is deleted first. Idempotent.
     */
    public synchronized Topic host(String name, Uuid id, int count, SortedSet<Integer> hosted, Map<String, String> overrides)
            throws IOException {
        Topic existing = byName.get(name);
        if (existing != null && !existing.id().equals(id)) {
            BrokerLog.warn("topic " + name + " here has id " + existing.id() + ", the cluster's has " + id + ": replacing it");
            delete(name);
            existing = null;
        }
        if (existing != null && existing.partitionCount() >= count && hostsAll(existing, hosted)) {
            return existing;
        }
        TopicConfig config;
        try {
            config = existing != null ? existing.config() : TopicConfig.of(defaults, overrides);
        } catch (IllegalArgumentException e) {
            throw new TopicException(TopicException.Kind.INVALID_CONFIG, e.getMessage());
        }
        SortedSet<Integer> all = new TreeSet<>(hosted);
        if (existing != null) {
            for (int i = 0; i < existing.partitionCount(); i++) {
                if (existing.partition(i) != null) {
                    all.add(i);
                }
            }
        }
        int total = Math.max(count, existing == null ? 0 : existing.partitionCount());
        TopicStore.Entry entry = new TopicStore.Entry(name, id, total, config.overrides(), TopicStore.State.CREATING, all);
        if (existing == null) {
            store.save(entry);
        }
        Partition[] partitions = existing == null ? new Partition[total] : Arrays.copyOf(existing.partitions(), total);
        List<Partition> added = new ArrayList<>();
        try {
            for (int i : all) {
                if (partitions[i] == null) {
                    partitions[i] = createPartition(name, i, id, config);
                    added.add(partitions[i]);
                }
            }
            store.save(entry.withState(TopicStore.State.READY));
        } catch (IOException | RuntimeException e) {
            closeAll(added.toArray(new Partition[0]));
            if (existing == null) {
                undo(() -> removeDirsAndEntry(entry), "roll back the create of " + name);
            }
            throw e;
        }
        options.budget().granted(added.size());
        Topic topic = new Topic(name, id, config, partitions);
        publish(topic);
        if (!added.isEmpty()) {
            BrokerLog.info((existing == null ? "created" : "grew") + " topic " + name + " here (" + added.size() + " partitions of "
                + total + ", id " + id + ")");
        }
        return topic;
    }

    private static boolean hostsAll(Topic topic, SortedSet<Integer> hosted) {
        for (int i : hosted) {
            if (topic.partition(i) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes a topic: the entry turns DELETING (the commit point: from here the topic is gone, also
     * after a crash), it disappears from lookups, its logs close (waking fetches that wait on them),
     * its directories are removed, then the entry. Removal failures are left to the next start.
     */
    public synchronized void delete(String name) throws IOException {
        Topic topic = byName.get(name);
        if (topic == null) {
            throw new TopicException(TopicException.Kind.UNKNOWN, "topic '" + name + "' does not exist");
        }
        TopicStore.Entry entry = new TopicStore.Entry(name, topic.id(), topic.partitionCount(),
            topic.config().overrides(), TopicStore.State.DELETING);
        store.save(entry);
        byName.remove(name);
        byId.remove(topic.id());
        closeAll(topic.partitions());
        undo(() -> removeDirsAndEntry(entry), "remove the files of deleted topic " + name);
        BrokerLog.info("deleted topic " + name);
    }

    private Partition openPartition(String topic, int index, TopicConfig config, long recoveryPoint) throws IOException {
        Log log = Log.open(PartitionDirs.of(dataDir, topic, index), config.toLogConfig(), writer, options.cleanShutdown(),
            recoveryPoint);
        try {
            return new Partition(topic, index, log, admissions.create(log, config),
                options.timers() == null ? null : new OrderedAppender(log, options.timers(), APPEND_GIVE_UP_MS));
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private void publish(Topic topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
    }

    /** True when every log closed so far closed without a failure (none refused appends for an I/O error). */
    public boolean closedCleanly() {
        return !uncleanClose;
    }

    /** Closes every log (each flushes what it holds). */
    @Override
    public synchronized void close() {
        for (Topic topic : byName.values()) {
            closeAll(topic.partitions());
            for (Partition p : topic.partitions()) {
                uncleanClose |= p != null && p.log().failed();
            }
        }
        byName.clear();
        byId.clear();
    }
}
