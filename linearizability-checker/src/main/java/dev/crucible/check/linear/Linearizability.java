package dev.crucible.check.linear;

import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Checks a history for linearizability against a model: preprocess (Knossos), split into
 * independent partitions (P-compositionality), search each on its own thread, combine. A time
 * limit or memory budget ends it with UNKNOWN, never a verdict; the caller gets its answer at the
 * deadline even if a model step is still running (the search threads are daemons and are told to
 * stop).
 */
public final class Linearizability {

    /**
     * @param timeLimit wall-clock limit for the search
     * @param memoryBytes budget for cached configurations
     * @param threads partitions searched at once
     */
    public record Settings(Duration timeLimit, long memoryBytes, int threads) {
        /** 60 s, half the heap, one thread per core. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Runtime.getRuntime().maxMemory() / 2,
                    Runtime.getRuntime().availableProcessors());
        }

        /** The same with another time limit. */
        public Settings withTimeLimit(Duration d) {
            return new Settings(d, memoryBytes, threads);
        }

        /** The same with another memory budget. */
        public Settings withMemory(long bytes) {
            return new Settings(timeLimit, bytes, threads);
        }
    }

    /**
     * Search threads: daemons, reused across checks (starting threads per check cost more than
     * checking a small history). A search cut off by its deadline is told to stop and its thread
     * returns to the pool when it notices.
     */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linearizability-search");
        t.setDaemon(true);
        return t;
    });

    private Linearizability() {}

    /** Checks {@code events} (a whole history, nemesis records included) against {@code model}. */
    public static CheckResult check(Model model, List<Op> events, Path source, Settings settings) {
        long start = System.nanoTime();
        List<Operation> ops = Preprocess.operations(events, source);
        List<List<Operation>> parts = new ArrayList<>();
        for (List<Operation> p : model.partition(ops)) {
            List<Operation> renumbered = new ArrayList<>(p.size());
            p.stream().filter(o -> !o.crashed()).forEach(o -> renumbered.add(Preprocess.withId(o, renumbered.size())));
            p.stream().filter(Operation::crashed).forEach(o -> renumbered.add(Preprocess.withId(o, renumbered.size())));
            if (!renumbered.isEmpty()) {
                parts.add(renumbered);
            }
        }
        long deadline = start + settings.timeLimit().toNanos();
        int words = (ops.size() + 63) / 64;
        long perConfig = 160 + 8L * words;
        Limits limits = new Limits(deadline, Math.max(1000, settings.memoryBytes() / perConfig
                / Math.max(1, Math.min(settings.threads(), parts.size()))));
        SearchResult bad = null;
        String unknown = null;
        long configs = 0;
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Math.max(1, settings.threads()));
        List<Future<SearchResult>> futures = new ArrayList<>();
        try {
            ExecutorCompletionService<SearchResult> done = new ExecutorCompletionService<>(POOL);
            for (List<Operation> p : parts) {
                futures.add(done.submit(() -> {
                    slots.acquire();
                    try {
                        return new Search(model, p, limits).run();
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                Future<SearchResult> f = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    limits.abort("time limit");
                    unknown = "time limit (" + settings.timeLimit().toMillis() + " ms)";
                    break;
                }
                SearchResult r = f.get();
                configs += r.configs();
                if (r.verdict() == Verdict.INVALID) {
                    bad = r;
                    limits.abort("another partition is invalid");
                    break;
                }
                if (r.verdict() == Verdict.UNKNOWN && unknown == null) {
                    unknown = r.reason();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            limits.abort("interrupted");
            unknown = "interrupted";
        } catch (ExecutionException e) {
            throw new IllegalStateException("model step failed: " + e.getCause(), e.getCause());
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        long elapsed = System.nanoTime() - start;
        if (bad != null) {
            return new CheckResult(Verdict.INVALID, null, ops, parts.size(), bad, previousOk(events, bad.failing()),
                    configs, elapsed);
        }
        Verdict v = unknown != null ? Verdict.UNKNOWN : Verdict.VALID;
        return new CheckResult(v, unknown, ops, parts.size(), null, null, configs, elapsed);
    }

    /** The last ok completion before the failing operation's completion, as Knossos reports it. */
    static Op previousOk(List<Op> events, Operation failing) {
        Op previous = null;
        for (Op e : events) {
            if (e.isClient() && e.index() == failing.completeIndex() && e.type() != OpType.INVOKE) {
                return previous;
            }
            if (e.isClient() && e.type() == OpType.OK) {
                previous = e;
            }
        }
        return previous;
    }
}
