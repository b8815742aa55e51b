package dev.crucible.chaos.cluster;

import java.util.List;

/** A cluster the user runs: the run only connects to it, so only client-side faults apply. */
public record ExternalCluster(String bootstrap) implements Cluster {

    @Override
    public String kind() {
        return "bootstrap";
    }

    @Override
    public String version() {
        return "unknown";
    }

    @Override
    public List<Node> nodes() {
        return List.of();
    }

    @Override
    public void close() {}
}
