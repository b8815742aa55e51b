package dev.crucible.broker.quorum;

import java.nio.file.Path;
import java.util.List;

/**
 * How this node takes part in the metadata quorum.
 *
 * @param nodeId            this node's {@code node.id}
 * @param voters            the Ratis voters (every combined node), in configuration order
 * @param self              this node's entry in {@code voters}, or null for a broker-only node (a Ratis client only)
 * @param clusterName       what the Raft group id and the cluster id are derived from (equal on every node)
 * @param storageDir        the Ratis log and snapshots ({@code <data-dir>/__cluster_metadata})
 * @param sessionTimeoutMs  {@code broker.session.timeout.ms}: a broker silent this long is fenced
 * @param electionTimeoutMs the smallest Raft election timeout (the largest is twice it)
 * @param snapshotEvery     applied entries between snapshots
 * @param bindHost          where a voter's Raft server listens (0.0.0.0: every interface); its voter address otherwise
 */
public record QuorumSettings(int nodeId, List<Voter> voters, Voter self, String clusterName, Path storageDir, long sessionTimeoutMs,
                             long electionTimeoutMs, long snapshotEvery, String bindHost) {
    public QuorumSettings {
        voters = List.copyOf(voters);
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a metadata quorum needs at least one voter");
        }
    }

    /** A voter listening on its voter address. */
    public QuorumSettings(int nodeId, List<Voter> voters, Voter self, String clusterName, Path storageDir, long sessionTimeoutMs,
                          long electionTimeoutMs, long snapshotEvery) {
        this(nodeId, voters, self, clusterName, storageDir, sessionTimeoutMs, electionTimeoutMs, snapshotEvery,
            self == null ? null : self.host());
    }

    /** A voter: its node id (-1 when only its address is known) and the controller listener's address. */
    public record Voter(int nodeId, String host, int port) {
        /** The Ratis peer id: the address, so nodes that know only addresses agree on it. */
        public String peerId() {
            return host.replaceAll("[^A-Za-z0-9.-]", "_") + "_" + port;
        }

        public String address() {
            return host + ":" + port;
        }
    }
}
