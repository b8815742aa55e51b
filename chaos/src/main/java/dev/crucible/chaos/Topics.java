package dev.crucible.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the run's topic (one partition per key), retrying while the cluster settles. A target that
 * refuses the replication factor (a cluster that does not replicate) gets the topic with one replica;
 * the caller is told which factor was used, as the verdicts depend on it.
 */
final class Topics {
    private Topics() {}

    static int create(String bootstrap, String topic, int partitions, int replicas, Map<String, Object> clientConfig,
            Duration timeout, java.util.function.Consumer<String> say) throws IOException, InterruptedException {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long end = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(c)) {
            while (true) {
                Map<String, String> configs = replicas > 1 ? Map.of("min.insync.replicas", "2") : Map.of();
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicas).configs(configs)))
                            .all().get(10, TimeUnit.SECONDS);
                    return replicas;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        return replicas;
                    }
                    if (e.getCause() instanceof InvalidReplicationFactorException && replicas > 1) {
                        say.accept("  the target refused replication factor " + replicas + " (" + e.getCause().getMessage()
                                + "): the topic has 1 replica");
                        replicas = 1;
                        continue;
                    }
                    if (System.nanoTime() - end > 0) {
                        throw new IOException("could not create topic " + topic + ": " + e.getCause(), e);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() - end > 0) {
                        throw new IOException("could not create topic " + topic + " in " + timeout.toSeconds() + " s", e);
                    }
                }
                Thread.sleep(500);
            }
        }
    }
}
