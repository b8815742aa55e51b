package dev.crucible.load.target;

import java.util.List;

/** A broker (or cluster) a run measures; close() stops whatever Crucible launched for it. */
public interface LaunchedTarget extends AutoCloseable {
    /** embedded, kafka, bootstrap or noop. */
    String kind();

    /** Version as known ("broker-ref", "4.3.1", "unknown"). */
    String version();

    /** Bootstrap servers, or null for the no-op target. */
    String bootstrap();

    /** Processes Crucible started for it (their CPU time is recorded); empty when it started none. */
    List<Long> pids();

    /** CPU time used so far by {@link #pids()}, in nanoseconds, or -1 when unknown. */
    default long cpuNanos() {
        if (pids().isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (long pid : pids()) {
            long n = dev.crucible.load.peer.ProcessCpu.cpuNanos(pid);
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    @Override
    void close();

    /** A target Crucible did not launch. */
    static LaunchedTarget existing(String kind, String version, String bootstrap) {
        return new LaunchedTarget() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public String bootstrap() {
                return bootstrap;
            }

            @Override
            public List<Long> pids() {
                return List.of();
            }

            @Override
            public void close() {}
        };
    }
}
