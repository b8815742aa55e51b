package dev.crucible.broker.producer;

import dev.crucible.io.AppendRefusedException;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.LogConfig;
import org.agrona.concurrent.CachedEpochClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A partition as the broker will run it: a real log on a real group-commit writer, its producer state
 * rebuilt from its snapshots and log on open, and one {@link PartitionAdmission} on every append.
 */
final class TestPartition implements AutoCloseable {
    final Path dir;
    final CachedEpochClock clock;
    final LogConfig config;
    final boolean logAppendTime;
    final GroupCommitWriter writer;
    final Log log;
    final ProducerStateTable table;
    final PartitionAdmission admission;

    private TestPartition(Path dir, CachedEpochClock clock, LogConfig config, boolean logAppendTime) throws IOException {
        this.dir = dir;
        this.clock = clock;
        this.config = config;
        this.logAppendTime = logAppendTime;
        this.writer = GroupCommitWriter.start(GroupCommitWriter.Settings.DEFAULT.withClock(clock)
            .withRetentionCheckIntervalMs(Long.MAX_VALUE / 4));
        this.log = Log.open(dir, config, writer);
        this.table = ProducerStateTable.rebuild(log, clock.time());
        log.listener(new ProducerSnapshots(table, message -> { })); // as the broker does: a snapshot at every roll and at close
        this.admission = new PartitionAdmission(table, clock, logAppendTime);
    }

    static TestPartition open(Path dir, CachedEpochClock clock, LogConfig config, boolean logAppendTime) throws IOException {
        return new TestPartition(dir, clock, config, logAppendTime);
    }

    /** Closes this partition and opens it again from its files, as a broker restart does. */
    TestPartition reopen() throws IOException {
        close();
        return open(dir, clock, config, logAppendTime);
    }

    /** Appends through the admission and waits for the outcome. */
    AppendRequest append(ByteBuffer batches) throws Exception {
        CompletableFuture<AppendRequest> done = new CompletableFuture<>();
        log.append(new AppendRequest().batches(batches).admission(admission).callback(done::complete));
        return done.get(10, TimeUnit.SECONDS);
    }

    /** The Kafka error code an append was refused with; fails when it was not refused. */
    static int refusal(AppendRequest done) {
        if (!(done.error() instanceof AppendRefusedException refused)) {
            throw new AssertionError("expected a refusal, got " + (done.succeeded() ? "success at " + done.baseOffset() : done.error()));
        }
        return refused.reason();
    }

    /** The whole log, read back through the zero-copy read path. */
    ByteBuffer contents() throws IOException {
        long end = log.logEndOffset();
        ByteBuffer all = ByteBuffer.allocate((int) Math.max(0, log.sizeInBytes()));
        FetchSlice slice = new FetchSlice();
        for (long next = log.logStartOffset(); next < end; next = slice.nextOffset()) {
            log.read(next, 1 << 20, slice);
            slice.copyTo(all);
        }
        return all.flip();
    }

    /** "offset:value" of every record in the log. */
    List<String> records() throws IOException {
        return ProducerBatches.records(contents());
    }

    @Override
    public void close() {
        log.close();
        writer.close();
    }
}
