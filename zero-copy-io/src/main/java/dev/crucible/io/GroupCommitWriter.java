package dev.crucible.io;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The single writer behind a set of logs: the group commit. Any thread submits appends into a bounded
 * many-to-one queue; this writer's thread drains whatever has queued up (a group), and for each log
 * in it validates the batches, assigns offsets, does one gathering write, forces once if the log's
 * policy is {@link FlushPolicy#ALWAYS}, and only then completes the group's callbacks in order.
 *
 * <p>Under load, groups grow by themselves: while one force is in progress the next group queues up.
 * When a group holds several logs that force, their forces run side by side ({@link #SYNC_THREADS} threads, the last
 * log's on the writer thread) while the writer goes on writing the next log of the group; each log's appends complete
 * only after its own force returned, and the group ends when every force has. When idle the thread spins briefly, then
 * parks; a submitter unparks it.
 */
public final class GroupCommitWriter implements AutoCloseable {
    /**
     * @param threadName               name of the writer thread
     * @param queueCapacity            appends that may wait in the queue; submitters block beyond it
     * @param maxGroupSize             appends taken into one group at most
     * @param retentionCheckIntervalMs how often retention runs over the logs
     * @param clock                    wall clock for segment age, retention and flush intervals
     * @param files                    opens the segments' data files: the file system, or a simulated disk
     */
    public record Settings(String threadName, int queueCapacity, int maxGroupSize, long retentionCheckIntervalMs,
                           EpochClock clock, FileChannelOpener files) {
        public static final Settings DEFAULT = new Settings("crucible-log-writer", 4096, 1024, 300_000,
            SystemEpochClock.INSTANCE);

        /** Settings on the real file system. */
        public Settings(String threadName, int queueCapacity, int maxGroupSize, long retentionCheckIntervalMs,
                        EpochClock clock) {
            this(threadName, queueCapacity, maxGroupSize, retentionCheckIntervalMs, clock, FileChannelOpener.DEFAULT);
        }

        public Settings withClock(EpochClock value) {
            return new Settings(threadName, queueCapacity, maxGroupSize, retentionCheckIntervalMs, value, files);
        }

        public Settings withRetentionCheckIntervalMs(long value) {
            return new Settings(threadName, queueCapacity, maxGroupSize, value, clock, files);
        }

        public Settings withFiles(FileChannelOpener value) {
            return new Settings(threadName, queueCapacity, maxGroupSize, retentionCheckIntervalMs, clock, value);
        }
    }

    /**
     * Threads that force the logs of one group side by side. An fsync waits on the device, not the CPU; one group's
     * logs forced one after the other cost one device round trip each, forced together about one in all (the file
     * system commits concurrent forces in one journal transaction).
     */
    static final int SYNC_THREADS = 4;
    private static final int SPINS = 200;
    private static final int YIELDS = 20;
    private static final long PARK_NS = 5_000_000;
    /** How long close waits for the background forces of rolled segments. */
    private static final long CLOSE_FLUSH_WAIT_S = 60;

    private final Settings settings;
    private final ManyToOneConcurrentArrayQueue<AppendRequest> queue;
    private final ManyToOneConcurrentLinkedQueue<Runnable> commands = new ManyToOneConcurrentLinkedQueue<>();
    private final AppendRequest[] group;
    private final AppendRequest[] sameLog;
    /** Appends of the group's logs awaiting their log's force, log after log ({@link #forcing} says where each ends). */
    private final AppendRequest[] awaitingForce;
    private final Log[] forcingLogs;
    private final int[] forcingEnds;
    private final CompletableFuture<?>[] forces;
    private int forcing;
    /** Forces the logs of a group side by side; null in a stepped writer, which forces on its caller's thread. */
    private final ExecutorService syncPool;
    private final Consumer<AppendRequest> intoGroup = this::addToGroup;
    private final PendingWrite pending = new PendingWrite();
    private final List<Log> logs = new ArrayList<>();
    private final Thread thread;
    private final Executor flusher;
    private final ExecutorService ownFlusher;
    private volatile boolean running = true;
    private volatile boolean parked;
    private int groupSize;
    private long nextRetentionMs;
    private long groupsWritten;

    /** A writer with its own thread ({@code flusher} null) or, for a simulation, stepped by its caller. */
    private GroupCommitWriter(Settings settings, Executor flusher) {
        this.settings = settings;
        this.queue = new ManyToOneConcurrentArrayQueue<>(settings.queueCapacity());
        this.group = new AppendRequest[settings.maxGroupSize()];
        this.sameLog = new AppendRequest[settings.maxGroupSize()];
        this.awaitingForce = new AppendRequest[settings.maxGroupSize()];
        this.forcingLogs = new Log[settings.maxGroupSize()];
        this.forcingEnds = new int[settings.maxGroupSize()];
        this.forces = new CompletableFuture<?>[settings.maxGroupSize()];
        this.nextRetentionMs = settings.clock().time() + settings.retentionCheckIntervalMs();
        if (flusher != null) {
            this.thread = null;
            this.ownFlusher = null;
            this.flusher = flusher;
            this.syncPool = null;
            return;
        }
        java.util.concurrent.atomic.AtomicInteger syncThreads = new java.util.concurrent.atomic.AtomicInteger();
        this.syncPool = Executors.newFixedThreadPool(SYNC_THREADS, r -> {
            Thread t = new Thread(r, settings.threadName() + "-sync-" + syncThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, settings.threadName());
        this.thread.setDaemon(true);
        this.ownFlusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, settings.threadName() + "-flusher");
            t.setDaemon(true);
            return t;
        });
        this.flusher = ownFlusher;
    }

    /** Starts a writer with default settings. */
    public static GroupCommitWriter start() {
        return start(Settings.DEFAULT);
    }

    public static GroupCommitWriter start(Settings settings) {
        GroupCommitWriter writer = new GroupCommitWriter(settings, null);
        writer.thread.start();
        return writer;
    }

    /**
     * A writer without a thread, for a deterministic simulation: the caller runs each duty cycle with
     * {@link #doWork()}, commands ({@link #call}) run at once on the calling thread, and the forces of
     * rolled segments go to {@code flusher}, which the caller runs when it chooses. Its clock should be
     * one the caller advances.
     */
    static GroupCommitWriter stepped(Settings settings, Executor flusher) {
        return new GroupCommitWriter(settings, Objects.requireNonNull(flusher, "flusher"));
    }

    EpochClock clock() {
        return settings.clock();
    }

    FileChannelOpener files() {
        return settings.files();
    }

    /** Groups written so far (each one gathering write per log, one force under ALWAYS). */
    public long groupsWritten() {
        return groupsWritten;
    }

    void submit(AppendRequest request) {
        while (!trySubmit(request)) {
            LockSupport.parkNanos(10_000);
        }
    }

    boolean trySubmit(AppendRequest request) {
        if (!running) {
            request.fail(new IllegalStateException("log writer is closed"));
            request.complete();
            return true;
        }
        if (!queue.offer(request)) {
            wake();
            return false;
        }
        wake();
        return true;
    }

    private void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    void register(Log log) {
        call(() -> logs.add(log));
    }

    void closeLog(Log log) {
        call(() -> {
            log.closeOnWriter();
            return logs.remove(log);
        });
    }

    /** Runs the given work on the writer thread (where the logs may be changed) and waits for it. */
    <T> T call(Callable<T> work) {
        if (thread == null || Thread.currentThread() == thread || !thread.isAlive()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        commands.offer(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        LockSupport.unpark(thread);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the log writer", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("log writer command failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Forces a rolled segment on the background flusher (the writer thread never waits for it), then
     * runs {@code onForced} on the writer thread. In roll order, so a log's recovery point only moves
     * past segments that are all on disk. A segment closed meanwhile (deleted by retention) is skipped.
     */
    void forceLater(LogSegment segment, Runnable onForced) {
        if (!segment.tryRetain()) {
            return;
        }
        try {
            flusher.execute(() -> {
                try {
                    segment.force();
                    commands.offer(onForced);
                    LockSupport.unpark(thread);
                } catch (IOException | RuntimeException e) {
                    // not forced: the recovery point stays where it is, and a crash validates the segment
                } finally {
                    segment.release();
                }
            });
        } catch (RejectedExecutionException e) {
            segment.release(); // closing: the logs' close forces what matters
        }
    }

    /** Applies retention to every log now, on the writer thread; returns the segments deleted. */
    public int enforceRetentionNow() {
        return call(this::enforceRetention);
    }

    private void run() {
        int idle = 0;
        while (running) {
            if (doWork() > 0) {
                idle = 0;
            } else {
                idle = idle(idle);
            }
        }
        shutdown();
    }

    /** One duty cycle: queued commands, one group, periodic maintenance. Returns the work done (0: idle). */
    int doWork() {
        return runCommands() + writeOneGroup() + maintain();
    }

    /** On the writer thread once it stops: writes what was queued, closes every log, fails the rest. */
    private void shutdown() {
        while (writeOneGroup() > 0) {
            // drain what was queued before close
        }
        runCommands();
        for (Log log : logs) {
            log.closeOnWriter();
        }
        logs.clear();
        failQueued();
    }

    private int idle(int idleCount) {
        if (idleCount < SPINS) {
            Thread.onSpinWait();
        } else if (idleCount < SPINS + YIELDS) {
            Thread.yield();
        } else {
            parked = true;
            if (queue.isEmpty() && commands.isEmpty() && running) {
                LockSupport.parkNanos(this, PARK_NS);
            }
            parked = false;
        }
        return idleCount + 1;
    }

    private int runCommands() {
        int n = 0;
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
            n++;
        }
        return n;
    }

    private void addToGroup(AppendRequest request) {
        group[groupSize++] = request;
    }

    /** Drains one group and writes it, log by log, in submission order. */
    private int writeOneGroup() {
        groupSize = 0;
        int n = queue.drain(intoGroup, group.length);
        if (n == 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            if (group[i] == null) {
                continue;
            }
            Log log = group[i].log;
            int m = 0;
            for (int j = i; j < n; j++) {
                if (group[j] != null && group[j].log == log) {
                    sameLog[m++] = group[j];
                    group[j] = null;
                }
            }
            log.writeGroup(sameLog, m, pending);
            if (syncPool != null && log.forcePending()) {
                awaitForce(log, m); // its appends complete once the force returns; the next log is written meanwhile
                continue;
            }
            log.syncAfterGroup();
            completeAll(log, sameLog, 0, m);
        }
        completeForced();
        groupsWritten++;
        return n;
    }

    /**
     * Keeps {@code log}'s {@code m} appends (in {@link #sameLog}) until its force ends; the force of the log before it
     * in the group starts on the sync pool now, so it runs while this log is written and forced.
     */
    private void awaitForce(Log log, int m) {
        int from = forcing == 0 ? 0 : forcingEnds[forcing - 1];
        System.arraycopy(sameLog, 0, awaitingForce, from, m);
        java.util.Arrays.fill(sameLog, 0, m, null);
        forcingLogs[forcing] = log;
        forcingEnds[forcing] = from + m;
        if (forcing > 0) {
            startForce(forcing - 1); // another log to force: the one before goes to the pool
        }
        forcing++;
    }

    private void startForce(int i) {
        Log log = forcingLogs[i];
        try {
            forces[i] = CompletableFuture.runAsync(log::syncAfterGroup, syncPool);
        } catch (RejectedExecutionException e) {
            log.syncAfterGroup(); // closing: force here
        }
    }

    /** Waits for the forces started in this group, then completes their appends, log by log in group order. */
    private void completeForced() {
        if (forcing > 0) {
            forcingLogs[forcing - 1].syncAfterGroup(); // the last log on this thread: a group of one log needs no hand-off
        }
        for (int i = 0; i < forcing; i++) {
            if (forces[i] != null) {
                forces[i].join(); // syncAfterGroup keeps its own failure in the log: join only waits
                forces[i] = null;
            }
        }
        int from = 0;
        for (int i = 0; i < forcing; i++) {
            completeAll(forcingLogs[i], awaitingForce, from, forcingEnds[i]);
            from = forcingEnds[i];
            forcingLogs[i] = null;
        }
        forcing = 0;
    }

    private void completeAll(Log log, AppendRequest[] requests, int from, int to) {
        Throwable failure = log.failure();
        for (int k = from; k < to; k++) {
            AppendRequest request = requests[k];
            requests[k] = null;
            if (failure != null && request.error() == null) {
                request.fail(failure);
            }
            try {
                request.complete();
            } catch (RuntimeException e) {
                // a callback's own failure must not stop the writer or the other callbacks
            }
        }
    }

    private int maintain() {
        long now = settings.clock().time();
        for (int i = 0; i < logs.size(); i++) {
            logs.get(i).maintain(now);
        }
        if (now - nextRetentionMs >= 0) {
            nextRetentionMs = now + settings.retentionCheckIntervalMs();
            enforceRetention();
        }
        return 0;
    }

    private int enforceRetention() {
        long now = settings.clock().time();
        int deleted = 0;
        for (Log log : logs) {
            try {
                deleted += log.enforceRetention(now);
            } catch (IOException | RuntimeException e) {
                // retention retries at the next check; the log stays readable and writable
            }
        }
        return deleted;
    }

    private void failQueued() {
        AppendRequest request;
        while ((request = queue.poll()) != null) {
            request.fail(new IllegalStateException("log writer is closed"));
            request.complete();
        }
    }

    /** Writes what is queued, flushes and closes every log, and stops the thread. */
    @Override
    public void close() {
        if (thread == null) {
            running = false;
            shutdown(); // stepped: the caller's thread is the writer's
            return;
        }
        ownFlusher.shutdown();
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
            syncPool.shutdown(); // after the thread: its last groups still force on it
            // the forces of rolled segments must be done before close returns: an owner that then
            // records a clean shutdown tells the next open that every segment is on disk
            ownFlusher.awaitTermination(CLOSE_FLUSH_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
