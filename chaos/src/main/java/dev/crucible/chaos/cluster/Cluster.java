package dev.crucible.chaos.cluster;

import java.util.List;

/** The brokers under test: the nodes the run launched (none for a cluster it only connects to). */
public interface Cluster extends AutoCloseable {

    /** "embedded", "kafka" or "bootstrap". */
    String kind();

    /** "broker-ref", the Apache Kafka release, or "unknown". */
    String version();

    /** The nodes the run controls, in index order; empty when it controls none. */
    List<Node> nodes();

    /** The bootstrap list clients use (through the fault proxies when there are any). */
    String bootstrap();

    /** Stops every node the run started; never throws. */
    @Override
    void close();
}
