package dev.crucible.launch;

import dev.crucible.launch.cluster.Cluster;
import dev.crucible.launch.process.ProcessCpu;
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
            long n = ProcessCpu.cpuNanos(pid);
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
        return new Named(kind, version, bootstrap, List.of(), null);
    }

    /**
     * A started cluster, stopped by close(). Its pids are taken now, so CPU time is of the same
     * processes throughout a run (and unknown once one of them is gone).
     */
    static LaunchedTarget of(String kind, Cluster cluster) {
        return of(kind, cluster.version(), cluster);
    }

    /** As {@link #of(String, Cluster)}, described by {@code version} instead of the cluster's own. */
    static LaunchedTarget of(String kind, String version, Cluster cluster) {
        return new Named(kind, version, cluster.bootstrap(), cluster.pids(), cluster);
    }

    /**
     * The one implementation.
     *
     * @param cluster what close() stops; null when Crucible launched nothing
     */
    record Named(String kind, String version, String bootstrap, List<Long> pids, Cluster cluster) implements LaunchedTarget {
        /** Copies the pids. */
        public Named {
            pids = List.copyOf(pids);
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
