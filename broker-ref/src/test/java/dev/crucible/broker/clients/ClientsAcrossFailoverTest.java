package dev.crucible.broker.clients;

import dev.crucible.broker.TestCluster;
import dev.crucible.testing.Await;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static dev.crucible.broker.clients.JavaClients.awaitInSync;
import static dev.crucible.broker.clients.JavaClients.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients we did not write ride through a leader's death with no manual step: on one three-node
 * cluster, for each of kcat, kafka-python, confluent-kafka and KafkaJS, a topic of replication factor
 * 3 (min.insync.replicas 2), an acks=all producer (idempotent where the client can be) sending a
 * numbered sequence while a consumer of the same client reads the partition from offset 0; the
 * partition's leader is killed with SIGKILL part way. Every message the producer was told is
 * delivered is then read back by the same client, at the offset it was told, in order, none twice
 * (kafka-python, not idempotent, may write a retried batch twice); the consumer that was reading
 * across the kill read them all too. The killed broker is restarted before the next client.
 */
class ClientsAcrossFailoverTest {
    static final int COUNT = 2_000;
    /** Acknowledgements before the leader dies: part way through, with the producer still sending. */
    static final int KILL_AFTER = 600;
    /** Between two sends: about 4 s of sending, the kill some 1.2 s in. */
    static final double PAUSE_SECONDS = 0.002;
    /** A producer sends at most this many messages ahead of its acknowledgements: when the leader dies, the most are still to send. */
    static final int WINDOW = 200;
    static final Path NODE_CLIENTS = Path.of("src/test/node");

    @TempDir
    static Path dir;
    private static TestCluster cluster;
    private static Admin admin;
    private static Path pythonScript;
    private int killed = -1;
    private String topic;

    @BeforeAll
    static void startCluster() throws Exception {
        // no wait for more members before a group's first rebalance: KafkaJS's consumer is a group's
        cluster = new TestCluster(dir, 3, "group.initial.rebalance.delay.ms=0").start();
        admin = JavaClients.admin(cluster.bootstrap());
        pythonScript = dir.resolve("failover_client.py");
        try (InputStream in = ClientsAcrossFailoverTest.class.getResourceAsStream("/clients/failover_client.py")) {
            Files.copy(in, pythonScript);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            System.out.println(cluster.logs());
            cluster.close();
        }
    }

    /** The killed broker (relaunched once the clients are done with it) back, and the topic whole again: the next kill leaves two. */
    @AfterEach
    void restartTheKilledBroker() throws Exception {
        if (killed >= 0) {
            long started = System.nanoTime();
            if (!cluster.node(killed).isAlive()) {
                cluster.node(killed).launch();
            }
            cluster.node(killed).awaitStarted();
            awaitInSync(admin, topic, 3);
            System.out.printf("%s: broker %d back in sync %d ms after its relaunch was awaited%n", topic, killed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** A message as a client reported it: acknowledged at, or read from, an offset; when the line arrived. */
    record Message(long offset, String value, long nanos) {
        String at() {
            return offset + " " + value;
        }
    }

    /** How each client is run: its producer, its consumer from offset 0, and what its producer's lines say. */
    enum Client {
        KCAT(true) {
            private static final Pattern DELIVERED = Pattern.compile("Message delivered to partition 0 \\(offset (\\d+)\\)");

            @Override
            void require() {
                Proc.require(KcatTest.KCAT, "kcat");
            }

            /**
             * All its input at once: kcat 1.7.0 produces what it read from standard input only once the
             * input ends (or fills a 1 MB buffer). Its pace is librdkafka's instead, held down to one
             * request of at most 10 messages in flight, so that the kill comes with the most still queued.
             */
            @Override
            Proc.Live produce(String bootstrap, String topic) throws IOException {
                return Proc.start(List.of(KcatTest.KCAT, "-b", bootstrap, "-P", "-t", topic, "-p", "0", "-X", "enable.idempotence=true",
                        "-X", "acks=all", "-X", "message.timeout.ms=60000", "-X", "max.in.flight.requests.per.connection=1",
                        "-X", "batch.num.messages=10", "-X", "linger.ms=10", "-v", "-v"), this::isAck)
                    .input(String.join("\n", sequence()) + "\n");
            }

            @Override
            boolean isAck(String line) {
                return line.contains("Message delivered to partition");
            }

            /** kcat names no value in its delivery reports: idempotent, it reports in the order sent. */
            @Override
            List<Message> acks(Proc.Live producer) {
                List<Message> out = new ArrayList<>();
                for (Proc.Line l : producer.err()) {
                    Matcher m = DELIVERED.matcher(l.text());
                    if (m.find()) {
                        out.add(new Message(Long.parseLong(m.group(1)), "m-" + out.size(), l.nanos()));
                    }
                }
                return out;
            }

            @Override
            List<String> consumer(String bootstrap, String topic, long end, String group) {
                List<String> cmd = new ArrayList<>(List.of(KcatTest.KCAT, "-b", bootstrap, "-C", "-t", topic, "-p", "0",
                    "-o", "beginning", "-q", "-f", "%o %s\\n"));
                cmd.addAll(end < 0 ? List.of("-c", String.valueOf(COUNT)) : List.of("-e"));
                return cmd;
            }
        },
        KAFKA_PYTHON(false) {
            @Override
            void require() {
                Proc.require(PythonClientsTest.PYTHON, "python3-kafka");
            }
        },
        CONFLUENT_KAFKA(true) {
            @Override
            void require() {
                Proc.require(PythonClientsTest.PYTHON, "python3-confluent-kafka");
            }
        },
        KAFKAJS(true) {
            @Override
            void require() {
                Proc.require("/usr/bin/node", "nodejs");
                if (!Files.isDirectory(NODE_CLIENTS.resolve("node_modules/kafkajs"))) {
                    throw new AssertionError("KafkaJS is missing from " + NODE_CLIENTS.toAbsolutePath()
                        + ": run ./crucible test (it runs npm ci there) or npm ci in that directory");
                }
            }

            @Override
            List<String> command(String... args) {
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/node", NODE_CLIENTS.resolve("failover_client.js").toString()));
                cmd.addAll(List.of(args));
                return cmd;
            }
        };

        final boolean idempotent;

        Client(boolean idempotent) {
            this.idempotent = idempotent;
        }

        abstract void require();

        String label() {
            return name().toLowerCase().replace('_', '-');
        }

        /** The script's command line ({@code failover_client.py} unless the client has its own). */
        List<String> command(String... args) {
            List<String> cmd = new ArrayList<>(List.of(PythonClientsTest.PYTHON, pythonScript.toString(), label()));
            cmd.addAll(List.of(args));
            return cmd;
        }

        Proc.Live produce(String bootstrap, String topic) throws IOException {
            return Proc.start(command("produce", bootstrap, topic, String.valueOf(COUNT), String.valueOf(PAUSE_SECONDS),
                String.valueOf(WINDOW)), this::isAck);
        }

        boolean isAck(String line) {
            return line.startsWith("ack ");
        }

        /** "ack VALUE OFFSET" lines; anything else ("fail ...") is left for the assertions on the whole output. */
        List<Message> acks(Proc.Live producer) {
            return producer.out().stream().filter(l -> l.text().startsWith("ack "))
                .map(l -> {
                    String[] f = l.text().split(" ");
                    return new Message(Long.parseLong(f[2]), f[1], l.nanos());
                }).toList();
        }

        /**
         * Reads the partition from offset 0 until it has read the last value sent (end &lt; 0), or up to
         * {@code end}; a group member in {@code group} where the client has no other way (KafkaJS).
         */
        List<String> consumer(String bootstrap, String topic, long end, String group) {
            return command("consume", bootstrap, topic, end < 0 ? "m-" + (COUNT - 1) : "-", end < 0 ? "-" : String.valueOf(end), group);
        }
    }

    static List<String> sequence() {
        return IntStream.range(0, COUNT).mapToObj(i -> "m-" + i).toList();
    }

    static List<Message> read(List<Proc.Line> lines) {
        return lines.stream().map(l -> {
            int space = l.text().indexOf(' ');
            return new Message(Long.parseLong(l.text().substring(0, space)), l.text().substring(space + 1), l.nanos());
        }).toList();
    }

    /** The longest time between two consecutive messages' lines, in ms. */
    static long longestPauseMs(List<Message> messages) {
        long most = 0;
        for (int i = 1; i < messages.size(); i++) {
            most = Math.max(most, messages.get(i).nanos() - messages.get(i - 1).nanos());
        }
        return TimeUnit.NANOSECONDS.toMillis(most);
    }

    /**
     * Every acknowledged message read, at its acknowledged offset, in order; none twice unless the
     * producer is not idempotent, and then only a retried message again (never one out of order).
     * A consumer that read across the kill may read an offset again (a group member that restarts
     * resumes from its group's offsets: at least once) but never another value there.
     *
     * @return how many messages were written twice, and how many offsets read again
     */
    static int[] assertHoldsEveryAck(String what, Client client, List<Message> read, List<Message> acked, boolean rereads) {
        Map<Long, String> byOffset = new LinkedHashMap<>();
        for (Message m : read) {
            String before = byOffset.putIfAbsent(m.offset(), m.value());
            assertThat(before == null || before.equals(m.value())).as("%s: offset %d read as %s and as %s", what, m.offset(), before,
                m.value()).isTrue();
        }
        int again = read.size() - byOffset.size();
        assertThat(rereads || again == 0).as("%s: %d offsets read twice", what, again).isTrue();
        List<String> readAt = byOffset.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        List<String> ackedAt = acked.stream().map(Message::at).toList();
        if (client.idempotent) {
            assertThat(readAt).as(what + ": every acknowledged message at its offset, in order, none twice")
                .containsExactlyElementsOf(ackedAt);
            return new int[] {0, again};
        }
        assertThat(readAt).as(what + ": every acknowledged message at its offset").containsAll(ackedAt);
        assertThat(new ArrayList<>(new LinkedHashSet<>(byOffset.values())))
            .as(what + ": in order, a value again only where a retry wrote it twice").containsExactlyElementsOf(sequence());
        return new int[] {byOffset.size() - COUNT, again};
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void producesAndConsumesAcrossTheLeadersDeath(Client client) throws Exception {
        client.require();
        topic = "failover-" + client.label();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
            .all().get(30, TimeUnit.SECONDS);
        awaitInSync(admin, topic, 3);
        int leader = describe(admin, topic).partitions().get(0).leader().id();
        long startedAt = System.nanoTime();
        String bootstrap = cluster.bootstrap();
        Proc produced;
        Proc consumed;
        List<Message> acked;
        List<Message> liveRead;
        long killedAt;
        try (Proc.Live consumer = Proc.start(client.consumer(bootstrap, topic, -1, topic + "-live"));
             Proc.Live producer = client.produce(bootstrap, topic)) {
            Await.until(() -> client.label() + " acknowledged " + KILL_AFTER + "; stdout: " + producer.out().size()
                + " lines; stderr: " + producer.err(), Duration.ofSeconds(30), () -> producer.counted() >= KILL_AFTER);
            killedAt = System.nanoTime();
            cluster.node(leader).kill();
            killed = leader;
            produced = producer.finish(60);
            acked = client.acks(producer);
            consumed = consumer.finish(60);
            consumer.err().stream().limit(20).forEach(l -> System.out.printf("%s consumer (%+d ms from the kill): %s%n", client.label(),
                TimeUnit.NANOSECONDS.toMillis(l.nanos() - killedAt), l.text()));
            liveRead = read(consumer.out());
        }
        cluster.node(leader).launch(); // back while the client reads; awaited after the test
        long doneAt = System.nanoTime();
        TopicPartition tp = new TopicPartition(topic, 0);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
        Proc readBack = Proc.run(client.consumer(bootstrap, topic, end, topic + "-after"), null, 60);
        long readAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - doneAt);
        int newLeader = describe(admin, topic).partitions().get(0).leader().id();

        long ackedBefore = acked.stream().filter(m -> m.nanos() < killedAt).count();
        long firstAfter = acked.stream().filter(m -> m.nanos() > killedAt).mapToLong(Message::nanos).findFirst().orElse(killedAt);
        System.out.printf("%s: leader %d killed after %d acks (new leader %d); producer: %d of %d acknowledged, first %d ms after"
                + " the kill, longest pause between acks %d ms; consumer reading across the kill: %d messages, longest pause %d ms%n",
            client.label(), leader, ackedBefore, newLeader, acked.size(), COUNT, TimeUnit.NANOSECONDS.toMillis(firstAfter - killedAt),
            longestPauseMs(acked), liveRead.size(), longestPauseMs(liveRead));
        System.out.printf("%s: kill %d ms after the clients started, clients done %d ms after the kill, read back in %d ms%n",
            client.label(), TimeUnit.NANOSECONDS.toMillis(killedAt - startedAt), TimeUnit.NANOSECONDS.toMillis(doneAt - killedAt),
            readAfterMs);

        produced.ok();
        assertThat(produced.out()).as("no delivery failed").doesNotContain("fail ");
        assertThat(acked.stream().map(Message::value).toList()).as("every message acknowledged, in the order sent")
            .containsExactlyElementsOf(sequence());
        consumed.ok();
        readBack.ok();
        assertThat(acked.size() - ackedBefore).as("acknowledgements after the kill: it came mid-stream").isPositive();
        int[] live = assertHoldsEveryAck("consumer across the kill", client, liveRead, acked, true);
        int[] after = assertHoldsEveryAck("read after", client, read(readBack.out().lines().map(l -> new Proc.Line(0, l)).toList()),
            acked, false);
        System.out.printf("%s: read back %d messages (%d written twice by retries); the consumer across the kill read %d offsets again%n",
            client.label(), COUNT + after[0], after[0], live[1]);
    }
}
