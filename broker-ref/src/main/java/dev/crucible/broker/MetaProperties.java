package dev.crucible.broker;

import dev.crucible.broker.common.DurableFiles;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code meta.properties} in the data directory, as Kafka keeps it: the cluster id (made once, on first
 * start) and the node id. A data directory written by another node id is refused, so two brokers never
 * mistake each other's data.
 */
final class MetaProperties {
    private MetaProperties() {
    }

    static String loadOrCreate(Path dataDir, int nodeId) throws IOException {
        return loadOrCreate(dataDir, nodeId, null);
    }

    /**
     * As {@link #loadOrCreate(Path, int)}; a cluster node passes the cluster's id, and a data directory
     * of another cluster (or of a broker that ran alone) is refused: its topics would be taken for this
     * cluster's, or deleted as unknown.
     */
    static String loadOrCreate(Path dataDir, int nodeId, String expectedClusterId) throws IOException {
        Path file = dataDir.resolve("meta.properties");
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            String stored = props.getProperty("node.id");
            String clusterId = props.getProperty("cluster.id");
            if (stored == null || clusterId == null) {
                throw new IOException(file + " is missing node.id or cluster.id");
            }
            if (!stored.trim().equals(String.valueOf(nodeId))) {
                throw new IOException(file + " belongs to node " + stored.trim() + ", not node " + nodeId);
            }
            if (expectedClusterId != null && !expectedClusterId.equals(clusterId.trim())) {
                throw new IOException(file + " belongs to cluster " + clusterId.trim() + ", not to cluster " + expectedClusterId
                    + " (the one controller.quorum.voters names): use an empty data directory for a new cluster node");
            }
            return clusterId.trim();
        }
        String clusterId = expectedClusterId != null ? expectedClusterId : Uuid.randomUuid().toString();
        props.setProperty("version", "1");
        props.setProperty("node.id", String.valueOf(nodeId));
        props.setProperty("cluster.id", clusterId);
        java.io.StringWriter text = new java.io.StringWriter();
        props.store(text, "broker-ref");
        DurableFiles.replace(file, StandardCharsets.UTF_8.encode(text.toString()));
        return clusterId;
    }
}
