package dev.crucible.chaos.cluster;

import dev.crucible.load.peer.KafkaPeer;
import dev.crucible.load.peer.KafkaPeerSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Apache Kafka nodes started by the peer launcher; clients reach them at {@code bootstrap}. */
public final class KafkaCluster implements Cluster {
    private final KafkaPeer peer;
    private final List<PeerNode> nodes = new ArrayList<>();
    private final String bootstrap;
    private final Thread hook = new Thread(() -> {
        ShutdownGate.await();
        close();
    }, "crucible-chaos-kafka-stop");

    private KafkaCluster(KafkaPeer peer, KafkaPeerSpec spec, String bootstrap) {
        this.peer = peer;
        this.bootstrap = bootstrap;
        Runtime.getRuntime().addShutdownHook(hook);
        peer.handOverShutdown();
        for (int i = 0; i < spec.nodes(); i++) {
            nodes.add(new PeerNode(peer, i, spec.host(i) + ":" + spec.clientPort(i)));
        }
    }

    /** Starts the peer; {@code bootstrap} is what clients use (the proxies' addresses when there are proxies). */
    public static KafkaCluster start(KafkaPeerSpec spec, String bootstrap, Consumer<String> progress)
            throws IOException, InterruptedException {
        return new KafkaCluster(KafkaPeer.start(spec, progress), spec, bootstrap);
    }

    @Override
    public String kind() {
        return "kafka";
    }

    @Override
    public String version() {
        return peer.version();
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        nodes.forEach(PeerNode::stopping);
        for (Node n : nodes) {
            try {
                if (n.alive()) {
                    n.resume();
                }
            } catch (IOException | InterruptedException e) {
                // stopping anyway
            }
        }
        peer.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: this is the hook, or it runs next and finds the peer closed
        }
    }
}
