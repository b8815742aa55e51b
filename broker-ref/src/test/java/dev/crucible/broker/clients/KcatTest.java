package dev.crucible.broker.clients;

import dev.crucible.broker.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian's kcat (librdkafka 2.0.2: Produce v7, Fetch v11, Metadata v4) against broker-ref. */
class KcatTest {
    static final String KCAT = "/usr/bin/kcat";
    @TempDir
    Path dir;
    private TestBroker broker;

    @BeforeAll
    static void needKcat() {
        Proc.require(KCAT, "kcat");
    }

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Proc kcat(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(KCAT, "-b", broker.bootstrap()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, stdin, 60);
    }

    @Test
    void listsMetadata() throws Exception {
        kcat("a\nb\n", "-P", "-t", "listed").ok();
        Proc list = kcat(null, "-L").ok();
        assertThat(list.out()).contains("1 brokers:").contains("broker 0 at 127.0.0.1:" + broker.port())
            .contains("topic \"listed\" with 1 partitions:")
            .contains("partition 0, leader 0, replicas: 0, isrs: 0");
    }

    @Test
    void producesWithEveryCodecAndConsumesInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                in.append(codec).append('-').append(i).append('\n');
            }
            kcat(in.toString(), "-P", "-t", "codecs", "-z", codec).ok();
            for (int i = 0; i < 50; i++) {
                expected.add(expected.size() + " " + codec + "-" + i);
            }
        }
        Proc consumed = kcat(null, "-C", "-t", "codecs", "-o", "beginning", "-e", "-f", "%o %s\\n").ok();
        assertThat(consumed.out().lines().toList()).containsExactlyElementsOf(expected);
        Proc tail = kcat(null, "-C", "-t", "codecs", "-o", "-3", "-e", "-f", "%o %s\\n").ok();
        assertThat(tail.out().lines().toList()).containsExactlyElementsOf(expected.subList(247, 250));
    }

    @Test
    void consumesInAGroupAndResumesFromItsCommittedOffsets() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            in.append("g").append(i).append('\n');
        }
        kcat(in.toString(), "-P", "-t", "grouped").ok();
        Proc first = kcat(null, "-G", "kcat-group", "grouped", "-o", "beginning", "-e", "-f", "%o %s\\n",
            "-X", "enable.auto.commit=true", "-X", "auto.commit.interval.ms=100").ok();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i + " g" + i);
        }
        assertThat(first.out().lines().toList()).containsExactlyElementsOf(expected);
        kcat("late\n", "-P", "-t", "grouped").ok();
        Proc second = kcat(null, "-G", "kcat-group", "grouped", "-e", "-f", "%o %s\\n").ok();
        assertThat(second.out().lines().toList()).as("the group resumes after its commits").containsExactly("100 late");
    }
}
