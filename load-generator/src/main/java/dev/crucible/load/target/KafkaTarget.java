package dev.crucible.load.target;

import dev.crucible.load.peer.KafkaPeer;
import dev.crucible.load.peer.KafkaPeerSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An Apache Kafka peer (one KRaft node) launched for one run, from Maven Central jars. */
final class KafkaTarget implements LaunchedTarget {
    private final KafkaPeer peer;

    private KafkaTarget(KafkaPeer peer) {
        this.peer = peer;
    }

    static LaunchedTarget start(String version, Path scratch, Path cacheDir, PrintWriter progress)
            throws IOException, InterruptedException {
        KafkaPeerSpec spec = new KafkaPeerSpec(version, 1, KafkaPeerSpec.DEFAULT_BASE_PORT,
                scratch.resolve("kafka-" + version), cacheDir, Map.of(), "1g");
        KafkaPeer peer = KafkaPeer.start(spec, line -> {
            progress.println(line);
            progress.flush();
        });
        return new KafkaTarget(peer);
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
    public String bootstrap() {
        return peer.bootstrap();
    }

    @Override
    public List<Long> pids() {
        return peer.pids();
    }

    @Override
    public void close() {
        peer.close();
    }
}
