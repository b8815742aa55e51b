package dev.crucible.broker.log;

import dev.crucible.broker.common.DurableFiles;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where topics are written down: one properties file per topic in {@code <data-dir>/__crucible_topics/},
 * holding the id, the partition count, the topic's own config overrides and its {@link State}. Each
 * file is replaced atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves the
 * old or the new version, never half of one. The partitions' data lives beside it in Kafka's layout,
 * {@code <data-dir>/<topic>-<partition>/}, each directory marked with the topic id
 * ({@link PartitionMarker}).
 *
 * <p>The state makes create and delete crash-safe: the file is written as {@code CREATING} before the
 * first partition directory exists and turns {@code READY} after the last one is made; a delete first
 * turns it {@code DELETING}, removes the directories, then the file. A broker starting on a file left
 * {@code CREATING} rolls the create back, on one left {@code DELETING} finishes the delete.
 */
final class TopicStore {
    static final String DIR = "__crucible_topics";
    private static final String SUFFIX = ".properties";
    private final Path dir;

    TopicStore(Path dataDir) throws IOException {
        this.dir = dataDir.resolve(DIR);
        Files.createDirectories(dir);
    }

    /** Where a topic is in its life; files from before states existed read as READY. */
    enum State { CREATING, READY, DELETING }

    /**
     * A stored topic.
     *
     * @param hosted the partitions this broker holds, in a cluster; null: all of them
     */
    record Entry(String name, Uuid id, int partitions, Map<String, String> overrides, State state, SortedSet<Integer> hosted) {
        Entry(String name, Uuid id, int partitions, Map<String, String> overrides, State state) {
            this(name, id, partitions, overrides, state, null);
        }

        Entry withState(State value) {
            return new Entry(name, id, partitions, overrides, value, hosted);
        }

        boolean hosts(int partition) {
            return hosted == null || hosted.contains(partition);
        }
    }

    void save(Entry entry) throws IOException {
        Properties props = new Properties();
        props.setProperty("name", entry.name());
        props.setProperty("id", entry.id().toString());
        props.setProperty("partitions", String.valueOf(entry.partitions()));
        props.setProperty("state", entry.state().name());
        if (entry.hosted() != null) {
            props.setProperty("hosted", String.join(",", entry.hosted().stream().map(String::valueOf).toList()));
        }
        for (Map.Entry<String, String> e : entry.overrides().entrySet()) {
            props.setProperty("config." + e.getKey(), e.getValue());
        }
        StringWriter text = new StringWriter();
        props.store(text, "broker-ref topic; written by the broker, do not edit while it runs");
        DurableFiles.replace(file(entry.name()), StandardCharsets.UTF_8.encode(text.toString()));
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
        DurableFiles.syncDirectory(dir);
    }

    List<Entry> loadAll() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String fileName = f.getFileName().toString();
                if (fileName.endsWith(SUFFIX + ".tmp")) {
                    Files.deleteIfExists(f); // a save that did not finish: the old file (if any) stands
                } else if (fileName.endsWith(SUFFIX)) {
                    entries.add(load(f));
                }
            }
        }
        return entries;
    }

    private static Entry load(Path f) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        try {
            String name = require(props, "name", f);
            Uuid id = Uuid.fromString(require(props, "id", f));
            int partitions = Integer.parseInt(require(props, "partitions", f));
            State state = State.valueOf(props.getProperty("state", State.READY.name()));
            Map<String, String> overrides = new LinkedHashMap<>();
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith("config.")) {
                    overrides.put(key.substring("config.".length()), props.getProperty(key));
                }
            }
            SortedSet<Integer> hosted = null;
            String hostedText = props.getProperty("hosted");
            if (hostedText != null) {
                hosted = new TreeSet<>();
                for (String p : hostedText.split(",")) {
                    if (!p.isBlank()) {
                        int index = Integer.parseInt(p.trim());
                        if (index < 0 || index >= partitions) {
                            throw new IllegalArgumentException("hosted partition " + index + " is outside 0.." + (partitions - 1));
                        }
                        hosted.add(index);
                    }
                }
            }
            return new Entry(name, id, partitions, overrides, state, hosted);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt topic file " + f + ": " + e.getMessage(), e);
        }
    }

    private static String require(Properties props, String key, Path f) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + key + "' in " + f);
        }
        return v;
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }
}
