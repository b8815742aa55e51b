package dev.crucible.broker.broken;

import dev.crucible.broker.log.AdmissionFactory;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.io.Log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lose-acked-writes} mode: the broker acknowledges as usual, but keeps a checkpoint
 * ({@link #CHECKPOINT_FILE} in the data directory) of every partition's log end offset as it was one
 * period ({@link #LAG_MS}) earlier, and on start rolls every partition with an entry back to it. After a
 * SIGKILL and restart the acknowledged writes of the last 1-2 s are gone and new writes reuse their
 * offsets: lost writes and inconsistent offsets for the checker to find.
 *
 * <p>Exact rule: once a period a daemon thread observes the end offsets of every topic partition, then
 * writes the observation of the previous period, so the file written at time T holds the end offsets
 * seen at T - {@link #LAG_MS}. Partitions without an entry (new since the last write) keep what recovery
 * gives them. The consumer-offsets log is not touched.
 */
public final class LoseAckedWrites implements AutoCloseable {
    /** The checkpoint, in the data directory; the name says what it is for anyone who finds it. */
    public static final String CHECKPOINT_FILE = "BROKEN-lose-acked-writes.checkpoint";
    /** How far the checkpoint lags behind the log ends, and how often it is written. */
    public static final long LAG_MS = 1_000;

    private final Path file;
    private final Map<String, Long> rollBackTo;
    private ScheduledExecutorService thread;
    private Map<String, Long> previous; // the checkpoint thread's own

    private LoseAckedWrites(Path file, Map<String, Long> rollBackTo) {
        this.file = file;
        this.rollBackTo = new ConcurrentHashMap<>(rollBackTo);
    }

    /** Reads the checkpoint left by the last run (none: nothing is rolled back). */
    public static LoseAckedWrites load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(CHECKPOINT_FILE);
        return new LoseAckedWrites(file, EndOffsetCheckpoint.read(file));
    }

    /**
     * Wraps the broker's admission factory so that each partition's log is rolled back to its checkpointed
     * end before the admission is made: that factory runs right after a log is opened and before anything
     * is derived from the log (producer state, then the high watermark), which is where a rollback must go.
     * Each entry is applied once, when its partition is first opened.
     */
    public AdmissionFactory rollingBackFirst(AdmissionFactory admissions) {
        return (log, config) -> {
            Long end = rollBackTo.remove(log.dir().getFileName().toString());
            if (end != null) {
                rollBack(log, end);
            }
            return admissions.create(log, config);
        };
    }

    private static void rollBack(Log log, long checkpointed) throws IOException {
        long before = log.logEndOffset();
        long target = Math.max(checkpointed, log.logStartOffset()); // retention may have passed it
        long after = log.truncateTo(target);
        if (after < before) {
            BrokerLog.warn("BROKEN MODE lose-acked-writes: rolled " + log.dir().getFileName() + " back from end offset "
                + before + " to " + after + ", dropping " + (before - after) + " acknowledged records");
        }
    }

    /** Starts checkpointing the topics' end offsets, one {@link #LAG_MS} behind. */
    public void start(Topics topics) {
        rollBackTo.clear(); // partitions opened from now on are new: nothing of theirs was checkpointed
        previous = observe(topics);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crucible-BROKEN-lose-acked-writes");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(() -> tick(topics), LAG_MS, LAG_MS, TimeUnit.MILLISECONDS);
    }

    /** Observes first, then writes the previous observation: what the file holds is always one period old. */
    private void tick(Topics topics) {
        Map<String, Long> now = observe(topics);
        try {
            EndOffsetCheckpoint.write(file, previous);
        } catch (IOException | RuntimeException e) {
            BrokerLog.warn("BROKEN MODE lose-acked-writes: cannot write " + file + ": " + e);
        }
        previous = now;
    }

    private static Map<String, Long> observe(Topics topics) {
        Map<String, Long> ends = new TreeMap<>();
        for (Topic topic : topics.all()) {
            for (Partition p : topic.partitions()) {
                if (p == null) {
                    continue;
                }
                ends.put(p.log().dir().getFileName().toString(), p.log().logEndOffset());
            }
        }
        return ends;
    }

    /** Stops checkpointing; the file keeps its last content, which the next start rolls back to. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
