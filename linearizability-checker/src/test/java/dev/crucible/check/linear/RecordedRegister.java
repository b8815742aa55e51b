package dev.crucible.check.linear;

import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records a history from a real concurrent object: threads run reads, writes and CAS on an
 * AtomicReference, each event stamped from one counter before the call and after the return, so
 * the recorded order is consistent with real time. Rarely an operation "crashes": it is recorded
 * as info, having taken effect or not (a coin flip), and its thread continues as a new process.
 */
final class RecordedRegister {
    private RecordedRegister() {}

    private record Stamped(long seq, long process, OpType type, String f, Object value) {}

    static List<Op> record(long seed, int threads, int opsPerThread, double crashP) throws InterruptedException {
        AtomicReference<Long> register = new AtomicReference<>(0L);
        AtomicLong clock = new AtomicLong();
        ConcurrentLinkedQueue<Stamped> events = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            ts.add(new Thread(() -> run(new Random(seed * 1000 + thread), thread, threads, opsPerThread, crashP, register,
                    clock, events)));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        List<Stamped> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Stamped::seq));
        List<Op> ops = new ArrayList<>();
        for (Stamped s : sorted) {
            ops.add(new Op(ops.size(), s.type(), s.process(), s.f(), s.value(), -1, Map.of(), ops.size() + 1));
        }
        return ops;
    }

    private static void run(Random rnd, int thread, int threads, int n, double crashP, AtomicReference<Long> reg,
            AtomicLong clock, ConcurrentLinkedQueue<Stamped> events) {
        long process = thread;
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(3);
            boolean crash = rnd.nextDouble() < crashP;
            if (kind == 0) {
                events.add(new Stamped(clock.getAndIncrement(), process, OpType.INVOKE, "read", null));
                Long v = reg.get();
                events.add(new Stamped(clock.getAndIncrement(), process, crash ? OpType.INFO : OpType.OK, "read",
                        crash ? null : v));
            } else if (kind == 1) {
                long v = rnd.nextInt(5);
                events.add(new Stamped(clock.getAndIncrement(), process, OpType.INVOKE, "write", v));
                if (!crash || rnd.nextBoolean()) {
                    reg.set(v);
                }
                events.add(new Stamped(clock.getAndIncrement(), process, crash ? OpType.INFO : OpType.OK, "write", v));
            } else {
                long from = rnd.nextInt(5);
                long to = rnd.nextInt(5);
                List<Object> pair = List.of(from, to);
                events.add(new Stamped(clock.getAndIncrement(), process, OpType.INVOKE, "cas", pair));
                boolean swapped = (!crash || rnd.nextBoolean()) && reg.compareAndSet(from, to);
                events.add(new Stamped(clock.getAndIncrement(), process,
                        crash ? OpType.INFO : swapped ? OpType.OK : OpType.FAIL, "cas", pair));
            }
            if (crash) {
                process += threads;
            }
        }
    }
}
