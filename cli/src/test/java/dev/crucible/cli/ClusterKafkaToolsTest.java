package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.cli.KafkaTopicsTool.Partition;
import dev.crucible.launch.cluster.BrokerRefCluster;
import dev.crucible.launch.cluster.BrokerRefNode;
import dev.crucible.launch.cluster.Node;
import dev.crucible.launch.cluster.NodeCluster;
import dev.crucible.launch.process.SelfCommand;
import dev.crucible.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka 4.3.1's own kafka-topics ({@code TopicCommand}, a child JVM from the release's jars)
 * against three broker-ref processes started as one cluster through the launcher, each running the
 * real {@code crucible broker} command: it creates a topic whose partitions the cluster spreads over
 * all three brokers, and a replicated one (factor 3), and sees a SIGKILLed broker's unreplicated
 * partitions lose their leader once the broker is fenced while its replicated ones fail over to
 * another leader with the killed broker out of the ISR, and everything back (ISR of 3) when it returns.
 */
class ClusterKafkaToolsTest {
    private static final String VERSION = "4.3.1";
    private static final String TOPIC = "placed";
    private static final String TRIPLED = "tripled";
    private static final int PARTITIONS = 6;
    private static final Set<Integer> IDS = Set.of(0, 1, 2);
    private static final Duration FENCED = Duration.ofSeconds(60);

    @TempDir Path tmp;

    @Test
    void kafkaTopicsSeesPartitionsSpreadOverTheNodesAndAKilledNodesPartitionsLeaderlessUntilItReturns() throws Exception {
        KafkaTopicsTool tools = KafkaTopicsTool.resolve(VERSION, KafkaTopicsTool.cacheDir(), tmp.resolve("tools"));
        BrokerRefCluster layout = BrokerRefCluster.onLoopback(3, 3, 0).withSettings(Map.of(
                "broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500",
                "controller.quorum.election.timeout.ms", "500"));
        List<BrokerRefNode> members = layout.nodes(SelfCommand.withHeap("384m", Crucible.class.getName(), "broker"),
                tmp.resolve("cluster"), List.of());
        NodeCluster cluster = new NodeCluster("broker-ref", members);
        try {
            long t0 = System.nanoTime();
            cluster.start(Duration.ofSeconds(60));
            System.out.printf("3-node cluster answered in %d ms at %s (pids %s)%n", msSince(t0), cluster.bootstrap(), cluster.pids());

            KafkaTopicsTool.Run created = tools.run("--bootstrap-server", members.get(0).bootstrap(), "--create", "--topic", TOPIC,
                    "--partitions", Integer.toString(PARTITIONS), "--replication-factor", "1");
            assertThat(created.exitCode()).as(created.output()).isZero();
            assertThat(created.output()).contains("Created topic " + TOPIC);

            Map<Integer, Partition> placed = describe(tools, cluster.bootstrap());
            assertThat(placed).as("partitions of %s", placed).hasSize(PARTITIONS).containsOnlyKeys(0, 1, 2, 3, 4, 5);
            placed.forEach((p, d) -> {
                assertThat(d.leader()).as("leader of partition %d", p).isIn(IDS);
                assertThat(d.replicas()).as("replicas of partition %d", p).containsExactly(d.leader());
                assertThat(d.isr()).as("isr of partition %d", p).containsExactly(d.leader());
            });
            assertThat(placed.values().stream().map(Partition::leader).collect(Collectors.toSet())).as("leaders")
                    .isEqualTo(IDS);

            KafkaTopicsTool.Run tripled = tools.run("--bootstrap-server", cluster.bootstrap(), "--create", "--topic", TRIPLED,
                    "--partitions", "3", "--replication-factor", "3", "--config", "min.insync.replicas=2");
            assertThat(tripled.exitCode()).as(tripled.output()).isZero();
            AtomicReference<String> replicated = new AtomicReference<>("");
            Await.until(() -> "every replica of " + TRIPLED + " in sync; last describe:\n" + replicated.get(), FENCED,
                    () -> describeUntil(tools, cluster.bootstrap(), TRIPLED, 3, replicated,
                            now -> now.values().stream().allMatch(d -> d.isr().size() == 3 && d.replicas().size() == 3)));
            Map<Integer, Partition> tripledBefore = KafkaTopicsTool.partitions(replicated.get(), TRIPLED);

            Node victim = members.get(1);
            Set<Integer> itsPartitions = placed.entrySet().stream().filter(e -> e.getValue().leader() == victim.id())
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            String others = members.get(0).bootstrap() + "," + members.get(2).bootstrap();
            long pid = victim.pid().orElseThrow();
            long killed = System.nanoTime();
            victim.kill();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d after SIGKILL", pid).isEmpty();

            AtomicReference<String> last = new AtomicReference<>("");
            Await.until(() -> "partitions " + itsPartitions + " without a leader after killing n1; last describe:\n" + last.get(),
                    FENCED, () -> describeUntil(tools, others, last, now -> {
                        for (int p : itsPartitions) {
                            if (now.get(p).leader() != -1) {
                                return false;
                            }
                        }
                        return true;
                    }));
            System.out.printf("n1's partitions leaderless %d ms after SIGKILL%n", msSince(killed));
            Await.until(() -> TRIPLED + " led by the others with n1 out of every ISR; last describe:\n" + replicated.get(), FENCED,
                    () -> describeUntil(tools, others, TRIPLED, 3, replicated, now -> now.values().stream()
                            .allMatch(d -> d.leader() != victim.id() && d.leader() != -1 && !d.isr().contains(victim.id())
                                    && d.isr().size() == 2)));
            System.out.printf("%s failed over (n1 out of the ISR) %d ms after SIGKILL:%n%s%n", TRIPLED, msSince(killed), replicated.get());
            assertThat(tripledBefore.values().stream().anyMatch(d -> d.leader() == victim.id())).as("n1 led some partition of %s",
                    TRIPLED).isTrue();
            Map<Integer, Partition> fenced = KafkaTopicsTool.partitions(last.get(), TOPIC);
            assertThat(last.get()).containsPattern("Partition: " + itsPartitions.iterator().next() + "\\s+Leader: none\\s");
            fenced.forEach((p, d) -> {
                if (itsPartitions.contains(p)) {
                    assertThat(d.replicas()).as("replicas of partition %d", p).containsExactly(victim.id());
                } else {
                    assertThat(d.leader()).as("leader of partition %d (not n1's)", p).isEqualTo(placed.get(p).leader());
                }
            });

            long restarted = System.nanoTime();
            victim.start(Duration.ofSeconds(60));
            System.out.printf("n1 answered again %d ms after its restart (pid %s)%n", msSince(restarted), victim.pid().orElseThrow());
            Await.until(() -> "n1 leading " + itsPartitions + " again; last describe:\n" + last.get(), FENCED,
                    () -> describeUntil(tools, others, last, now -> {
                        for (Map.Entry<Integer, Partition> e : placed.entrySet()) {
                            if (now.get(e.getKey()).leader() != e.getValue().leader()) {
                                return false;
                            }
                        }
                        return true;
                    }));
            System.out.printf("every partition led as before %d ms after n1's restart%n", msSince(restarted));
            Await.until(() -> "n1 back in every ISR of " + TRIPLED + "; last describe:\n" + replicated.get(), FENCED,
                    () -> describeUntil(tools, cluster.bootstrap(), TRIPLED, 3, replicated,
                            now -> now.values().stream().allMatch(d -> d.isr().size() == 3)));
            System.out.printf("n1 back in the ISR of %s %d ms after its restart%n", TRIPLED, msSince(restarted));
        } finally {
            cluster.close();
        }
        assertThat(cluster.pids()).as("node processes after close").isEmpty();
    }

    private static Map<Integer, Partition> describe(KafkaTopicsTool tools, String bootstrap) throws Exception {
        KafkaTopicsTool.Run r = tools.run("--bootstrap-server", bootstrap, "--describe", "--topic", TOPIC);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return KafkaTopicsTool.partitions(r.output(), TOPIC);
    }

    private interface Condition {
        boolean holds(Map<Integer, Partition> partitions);
    }

    /** One --describe of {@link #TOPIC}: true when it lists all partitions and {@code condition} holds; its output kept in {@code last}. */
    private static boolean describeUntil(KafkaTopicsTool tools, String bootstrap, AtomicReference<String> last, Condition condition) {
        return describeUntil(tools, bootstrap, TOPIC, PARTITIONS, last, condition);
    }

    private static boolean describeUntil(KafkaTopicsTool tools, String bootstrap, String topic, int partitions, AtomicReference<String> last,
            Condition condition) {
        try {
            KafkaTopicsTool.Run r = tools.run("--bootstrap-server", bootstrap, "--describe", "--topic", topic);
            last.set(r.output());
            Map<Integer, Partition> now = KafkaTopicsTool.partitions(r.output(), topic);
            Set<Integer> all = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                all.add(p);
            }
            return r.exitCode() == 0 && now.keySet().equals(all) && condition.holds(now);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long msSince(long startNs) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}
