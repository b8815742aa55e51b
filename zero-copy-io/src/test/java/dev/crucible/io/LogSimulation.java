package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * A seeded, single-threaded simulation of one {@link Log} on a {@link GroupCommitWriter} in stepped
 * mode over a {@link SimDisk}. Every step the scheduler picks one action with the seed's random: a
 * client submits appends (random batch counts and sizes, in order, holding back what the writer's
 * small queue refuses), the writer runs one duty cycle, the clock moves, the background flusher
 * forces one rolled segment, a client reads at a random offset, retention or a truncation runs, the
 * owner checkpoints the recovery point, or the log restarts: cleanly, after a process crash, or after a
 * power failure that loses every byte not forced. {@link SimInvariants} are checked as it goes, and the
 * whole log is read back after each restart. The same seed always makes the same run.
 */
final class LogSimulation {
    private static final long START_MS = 1_700_000_000_000L;
    private static final int TRACE = Integer.getInteger("sim.trace", 40);

    private final long seed;
    private final Path dir;
    private final Random random;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final SimDisk disk = new SimDisk();
    private final ArrayDeque<Runnable> flusher = new ArrayDeque<>();
    private final ArrayDeque<AppendRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private final SimModel model = new SimModel();
    private final LogConfig config;
    private final GroupCommitWriter.Settings settings;
    private GroupCommitWriter writer;
    private Log log;
    private long checkpoint;
    private long records;
    private int step;

    LogSimulation(long seed, Path dir) {
        this.seed = seed;
        this.dir = dir;
        this.random = new Random(seed);
        this.config = randomConfig(random);
        this.settings = new GroupCommitWriter.Settings("sim", 2 + random.nextInt(16), 1 + random.nextInt(8),
            50 + random.nextInt(2000), clock).withFiles(disk);
        clock.update(START_MS);
    }

    private static LogConfig randomConfig(Random random) {
        FlushPolicy policy = FlushPolicy.values()[random.nextInt(FlushPolicy.values().length)];
        return LogConfig.DEFAULT.withFlushPolicy(policy)
            .withSegmentBytes(1024 + random.nextInt(8 * 1024))
            .withIndexIntervalBytes(random.nextInt(600))
            .withMaxIndexBytes(48 + random.nextInt(400))
            .withFlushIntervalMs(10 + random.nextInt(500))
            .withSegmentMs(random.nextBoolean() ? LogConfig.DEFAULT.segmentMs() : 200 + random.nextInt(5_000))
            .withRetentionBytes(random.nextInt(3) == 0 ? 4096 + random.nextInt(32 * 1024) : -1)
            .withRetentionMs(random.nextInt(3) == 0 ? 1_000 + random.nextInt(20_000) : -1)
            .withFileDeleteDelayMs(random.nextInt(1_000));
    }

    /** Runs {@code steps} steps; an {@link AssertionError} names the seed, the step and the last events. */
    void run(int steps) {
        try {
            open(false, Log.ACTIVE_ONLY);
            for (step = 0; step < steps; step++) {
                step();
                SimInvariants.EndsAgree.check(log, model);
            }
            restart(Restart.CLEAN);
        } catch (AssertionError | IOException | RuntimeException e) {
            throw new AssertionError(failure(e), e);
        } finally {
            disk.processCrash(); // whatever the outcome, no channel stays open
        }
    }

    private String failure(Throwable e) {
        StringBuilder text = new StringBuilder("log simulation seed " + seed + " failed at step " + step + ": " + e
            + "\n  config " + config + ", writer queue " + settings.queueCapacity() + ", group " + settings.maxGroupSize()
            + "\n  rerun: mvn -B -o -pl zero-copy-io test -Dtest=LogSimulationTest#oneSeed -Dsim.seed=" + seed
            + "\n  last events:");
        trace.forEach(t -> text.append("\n    ").append(t));
        return text.toString();
    }

    private void note(String event) {
        if (trace.size() == TRACE) {
            trace.removeFirst();
        }
        trace.addLast(step + ": " + event);
    }

    private void step() throws IOException {
        int roll = random.nextInt(100);
        if (roll < 34) {
            note("duty cycle, work " + writer.doWork());
            model.startAt(log.logStartOffset()); // maintenance may have run retention
            submitWaiting();
        } else if (roll < 59) {
            submitAppends(1 + random.nextInt(4));
        } else if (roll < 71) {
            long ms = 1 + random.nextInt(random.nextInt(10) == 0 ? 30_000 : 300);
            clock.advance(ms);
            note("clock +" + ms + " ms");
        } else if (roll < 83) {
            read();
        } else if (roll < 89) {
            runFlusher();
        } else if (roll < 93) {
            checkpoint = log.recoveryPoint();
            note("checkpoint " + checkpoint);
        } else if (roll < 95) {
            retention();
        } else if (roll < 96) {
            truncate();
        } else {
            restart(Restart.values()[random.nextInt(Restart.values().length)]);
        }
    }

    // ---------------------------------------------------------------- clients

    private void submitAppends(int count) {
        for (int i = 0; i < count; i++) {
            ByteBuffer batches = randomBatches();
            ByteBuffer view = batches.duplicate(); // the gathering write consumes the request's own position
            AppendRequest request = new AppendRequest().batches(batches).callback(r -> acknowledged(r, view));
            waiting.addLast(request);
        }
        int before = waiting.size();
        submitWaiting();
        note("appends " + count + ", submitted " + (before - waiting.size()) + ", waiting " + waiting.size());
    }

    /** Submits what waits, in order, until the writer's queue refuses one (what OrderedAppender does). */
    private void submitWaiting() {
        while (!waiting.isEmpty() && log.tryAppend(waiting.peekFirst())) {
            waiting.removeFirst();
        }
    }

    private ByteBuffer randomBatches() {
        int batches = 1 + random.nextInt(3);
        ByteBuffer[] parts = new ByteBuffer[batches];
        for (int b = 0; b < batches; b++) {
            int count = 1 + random.nextInt(5);
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(512 + count * 400),
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
            for (int r = 0; r < count; r++) {
                byte[] value = new byte[random.nextInt(300)];
                random.nextBytes(value);
                builder.append(clock.time(), ("k" + records++).getBytes(StandardCharsets.UTF_8), value);
            }
            parts[b] = builder.build().buffer();
        }
        return Batches.concat(parts);
    }

    private void acknowledged(AppendRequest request, ByteBuffer stamped) {
        if (!request.succeeded()) {
            SimInvariants.require(writer == null || log.isClosed(), "append failed on an open log: " + request.error());
            return;
        }
        SimInvariants.OffsetsAreContiguous.check(request, model);
        SimInvariants.AcknowledgedMeansDurable.check(request, log, config.flushPolicy());
        model.acknowledged(stamped);
    }

    private void read() throws IOException {
        long start = log.logStartOffset();
        long end = log.logEndOffset();
        long offset = start + (long) (random.nextDouble() * (end - start + 1));
        int maxBytes = 1 + random.nextInt(4096);
        long bound = random.nextBoolean() ? Long.MAX_VALUE : offset + (long) (random.nextDouble() * (end - offset + 1));
        FetchSlice slice = new FetchSlice();
        log.read(offset, maxBytes, bound, slice);
        note("read " + offset + " max " + maxBytes + " bound " + bound + ": " + slice.length() + " bytes, next "
            + slice.nextOffset());
        SimInvariants.ReadsReturnAppendedBytes.check(offset, maxBytes, bound, slice, model);
    }

    // ---------------------------------------------------------------- writer-side events

    private void runFlusher() {
        Runnable task = flusher.pollFirst();
        if (task != null) {
            task.run();
        }
        note("flusher " + (task == null ? "idle" : "forced a rolled segment"));
    }

    private void retention() {
        int deleted = writer.enforceRetentionNow();
        model.startAt(log.logStartOffset());
        note("retention deleted " + deleted + ", start " + log.logStartOffset());
    }

    private void truncate() throws IOException {
        long start = log.logStartOffset();
        long target = start + (long) (random.nextDouble() * (log.logEndOffset() - start + 1));
        var holding = model.batchHolding(target);
        long expected = holding == null ? Math.min(target, model.endOffset()) : holding.getKey();
        long end = log.truncateTo(target);
        note("truncate to " + target + ": end " + end);
        SimInvariants.require(end == expected, "truncate to " + target + " ended the log at " + end + ", not " + expected);
        model.endAt(end);
        checkpoint = Math.min(checkpoint, end);
    }

    // ---------------------------------------------------------------- restarts

    /** How the log stops before it is opened again. */
    enum Restart {
        /** Closed (flushed) and reopened as after a clean shutdown. */
        CLEAN,
        /** The process dies: nothing is lost, the reopen recovers. */
        PROCESS_CRASH,
        /** The machine loses power: what was not forced may be lost or torn. */
        POWER_FAILURE
    }

    private void restart(Restart how) throws IOException {
        long mustSurvive = model.endOffset();
        if (how == Restart.CLEAN) {
            writer.close();
            waiting.clear();
            while (!flusher.isEmpty()) {
                flusher.pollFirst().run(); // a clean stop lets the background forces finish
            }
            checkpoint = log.recoveryPoint();
            mustSurvive = model.endOffset(); // the close wrote and acknowledged what was queued
        } else {
            long durable = Math.max(log.durableEndOffset(), Math.min(checkpoint, log.logEndOffset()));
            flusher.clear();
            waiting.clear();
            if (how == Restart.POWER_FAILURE) {
                mustSurvive = Math.max(durable, config.flushPolicy() == FlushPolicy.ALWAYS ? model.endOffset() : 0);
                disk.powerFailure(dir, random);
            } else {
                disk.processCrash();
            }
        }
        writer = null;
        long point = how == Restart.CLEAN ? Long.MAX_VALUE : recoveryPointToPass();
        note(how + ": acknowledged end " + model.endOffset() + ", must survive " + mustSurvive + ", reopen from " + point);
        open(how == Restart.CLEAN, point);
        note("reopened: start " + log.logStartOffset() + ", end " + log.logEndOffset());
        SimInvariants.DurableAcknowledgedSurvive.check(log, mustSurvive);
        SimInvariants.require(log.logEndOffset() <= model.endOffset(), "recovered log ends at " + log.logEndOffset()
            + ", past what was acknowledged " + model.endOffset());
        SimInvariants.require(log.logStartOffset() == model.startOffset(), "recovered log starts at "
            + log.logStartOffset() + ", not " + model.startOffset());
        SimInvariants.RecoveredLogIsAppendedPrefix.check(log, model);
        model.endAt(log.logEndOffset());
        checkpoint = log.recoveryPoint();
    }

    /** The checkpoint, or (where every rolled segment is forced on roll) sometimes none. */
    private long recoveryPointToPass() {
        return config.flushPolicy() != FlushPolicy.NEVER && random.nextBoolean() ? Log.ACTIVE_ONLY : checkpoint;
    }

    private void open(boolean clean, long recoveryPoint) throws IOException {
        writer = GroupCommitWriter.stepped(settings, flusher::addLast);
        log = clean ? Log.open(dir, config, writer, true) : Log.open(dir, config, writer, false, recoveryPoint);
    }
}
