package dev.crucible.io;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * Child process for {@link KillNineRecoveryTest}: appends under {@link FlushPolicy#ALWAYS} from several
 * threads until killed, printing {@code ACK <offset> <value>} for every acknowledged append. Each round
 * leads its own epoch (the round number): begun at the log end once open, stamped on every batch.
 * Arguments: log directory, round number.
 */
public final class CrashAppender {
    static final LogConfig CONFIG = LogConfig.DEFAULT.withFlushPolicy(FlushPolicy.ALWAYS)
        .withSegmentBytes(64 * 1024).withIndexIntervalBytes(512);
    private static final int THREADS = 4;

    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String round = args[1];
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        GroupCommitWriter writer = GroupCommitWriter.start();
        Log log = Log.open(dir, CONFIG, writer);
        int epoch = Integer.parseInt(round);
        log.assignLeaderEpoch(epoch);
        synchronized (out) {
            out.println("READY " + log.logEndOffset());
            out.flush();
        }
        for (int t = 0; t < THREADS; t++) {
            String prefix = "r" + round + "t" + t + "-";
            Thread thread = new Thread(() -> appendForever(log, epoch, prefix, out));
            thread.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void appendForever(Log log, int epoch, String prefix, PrintStream out) {
        Semaphore window = new Semaphore(16);
        for (long seq = 0; ; seq++) {
            String value = prefix + seq;
            window.acquireUninterruptibly();
            log.append(new AppendRequest().leaderEpoch(epoch).batches(Batches.batch(System.currentTimeMillis(), value)).callback(r -> {
                if (r.succeeded()) {
                    synchronized (out) {
                        out.println("ACK " + r.baseOffset() + " " + value);
                        out.flush();
                    }
                }
                window.release();
            }));
        }
    }
}
