package dev.crucible.chaos.nemesis;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The admin nemesis's own topics, all named {@code prefix-...} so they can never be the workload's:
 * created, grown, reconfigured and deleted through an Admin client, every call bounded by
 * {@code timeout}. Each call returns its outcome as text (an error is an answer, not a failure:
 * the target may refuse). {@link #cleanup()} deletes every topic with the prefix, whatever made it.
 */
final class SideTopics implements AutoCloseable {
    /** DeleteTopics requests carry at most this many names. */
    static final int DELETE_BATCH = 500;

    private final Admin admin;
    private final String prefix;
    private final Duration timeout;

    SideTopics(Map<String, Object> config, String prefix, Duration timeout) {
        this.admin = Admin.create(config);
        this.prefix = prefix;
        this.timeout = timeout;
    }

    /** Admin settings: the shared client settings, then calls bounded by {@code timeout}, then the run's extras. */
    static Map<String, Object> config(Map<String, Object> shared, Map<String, Object> extra, Duration timeout) {
        Map<String, Object> c = new java.util.HashMap<>(shared);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "crucible-admin-nemesis");
        c.putAll(extra);
        return c;
    }

    Admin admin() {
        return admin;
    }

    String create(String name, int partitions, Map<String, String> configs) {
        requireOurs(name);
        return "create " + name + " (" + partitions + " partitions): " + outcome(admin.createTopics(
                List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all());
    }

    String grow(String name, int partitions) {
        requireOurs(name);
        return "grow " + name + " to " + partitions + ": "
                + outcome(admin.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions))).all());
    }

    String alter(String name, String key, String value) {
        requireOurs(name);
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, name);
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
        return key + "=" + value + ": " + outcome(admin.incrementalAlterConfigs(Map.of(r, List.of(op))).all());
    }

    String delete(String name) {
        requireOurs(name);
        return "delete " + name + ": " + outcome(admin.deleteTopics(List.of(name)).all());
    }

    /** Where partition 0 of {@code topic} is led (the address clients reach it at), if the cluster says. */
    Optional<InetSocketAddress> leader(String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Node n = d.partitions().get(0).leader();
            return n == null || n.isEmpty() ? Optional.empty() : Optional.of(new InetSocketAddress(n.host(), n.port()));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Deletes every topic named with the prefix (listed, deleted in batches, listed again); says what is left. */
    String cleanup() throws InterruptedException {
        TreeSet<String> ours;
        try {
            ours = ours();
        } catch (ExecutionException | TimeoutException e) {
            return "could not list topics: " + describe(e);
        }
        if (ours.isEmpty()) {
            return "no side topics left";
        }
        List<String> names = new ArrayList<>(ours);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < names.size(); i += DELETE_BATCH) {
            String o = outcome(admin.deleteTopics(names.subList(i, Math.min(names.size(), i + DELETE_BATCH))).all());
            if (!o.equals("ok")) {
                errors.add(o);
            }
        }
        String left;
        try {
            TreeSet<String> after = ours();
            left = after.isEmpty() ? "none left" : after.size() + " left, e.g. " + after.first();
        } catch (ExecutionException | TimeoutException e) {
            left = "could not list them again: " + describe(e);
        }
        return "deleted " + names.size() + " side topic(s) (" + names.get(0) + (names.size() > 1 ? " .." : "") + "): "
                + (errors.isEmpty() ? "ok" : String.join("; ", errors.subList(0, Math.min(3, errors.size())))) + "; " + left;
    }

    private TreeSet<String> ours() throws ExecutionException, TimeoutException, InterruptedException {
        TreeSet<String> out = new TreeSet<>();
        for (String t : admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (t.startsWith(prefix + "-")) {
                out.add(t);
            }
        }
        return out;
    }

    private void requireOurs(String name) {
        if (!name.startsWith(prefix + "-")) {
            throw new IllegalArgumentException(name + " is not a side topic (" + prefix + "-...)");
        }
    }

    /** "ok", the error the target answered with, or that it did not answer in time. */
    String outcome(KafkaFuture<?> f) {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return "ok";
        } catch (ExecutionException | TimeoutException e) {
            return describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String describe(Exception e) {
        if (e instanceof TimeoutException) {
            return "no answer within the call's bound";
        }
        Throwable c = e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(c.getMessage());
        return c.getClass().getSimpleName() + (m.length() > 160 ? ": " + m.substring(0, 160) + "..." : ": " + m);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
