package dev.crucible.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Making, closing and cleaning up labs: nothing of a lab may outlive it, nor a killed owner. */
class NetLabLifecycleTest {

    @BeforeEach
    void needsALab() {
        assumeTrue(NetLab.unavailableReason().isEmpty(), () -> "no network lab: " + NetLab.unavailableReason().get());
    }

    /** The namespaces and links whose names start with {@code prefix}. */
    private static List<String> objects(String prefix) throws IOException {
        String ip = Exec.locate("ip").orElseThrow();
        Inventory now = Inventory.take(ip);
        List<String> found = new ArrayList<>();
        now.namespaces().stream().filter(n -> n.startsWith(prefix)).forEach(n -> found.add("netns " + n));
        now.links().stream().filter(n -> n.startsWith(prefix)).forEach(n -> found.add("link " + n));
        return found;
    }

    private static String prefix(String tag) {
        return new LabNames(tag).prefix();
    }

    @Test
    void closeRemovesEverythingTheLabMadeAndIsIdempotent() throws IOException {
        String tag = NetLabTest.uniqueTag("c");
        NetLab lab = NetLab.create(tag, 2);
        assertThat(objects(prefix(tag))).containsExactlyInAnyOrder("netns " + lab.namespace(0),
                "netns " + lab.namespace(1), "link crc-" + tag + "-br", "link crc-" + tag + "-0", "link crc-" + tag + "-1");
        assertThat(Path.of("/run/crucible-netlab", tag)).exists();

        lab.close();
        assertThat(objects(prefix(tag))).isEmpty();
        assertThat(Exec.check(List.of("ip", "-4", "route"))).doesNotContain(lab.subnet());
        assertThat(Path.of("/run/crucible-netlab", tag)).doesNotExist();
        lab.close();
        assertThatThrownBy(lab::heal).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedCreateRemovesWhatItHadMade() throws IOException {
        String tag = NetLabTest.uniqueTag("f");
        assertThatThrownBy(() -> NetLab.create(tag, 3, node -> {
            if (node == 2) {
                throw new IOException("injected failure before n2");
            }
        })).hasMessage("injected failure before n2");
        assertThat(objects(prefix(tag))).isEmpty();
        assertThat(Path.of("/run/crucible-netlab", tag)).doesNotExist();
    }

    @Test
    void twoLabsCoexistOnDistinctSubnetsAndATagInUseIsRefused() throws IOException {
        String tagA = NetLabTest.uniqueTag("a");
        String tagB = NetLabTest.uniqueTag("b");
        try (NetLab a = NetLab.create(tagA, 2); NetLab b = NetLab.create(tagB, 1)) {
            assertThat(a.subnet()).isNotEqualTo(b.subnet());
            assertThatThrownBy(() -> NetLab.create(tagA, 1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
            a.partition(Grudge.isolate(0, 2, true));
            assertThat(b.reachable(NetLab.HOST, 0, NetLabTest.UP)).as("b is not a's partition").isTrue();
            assertThat(a.reachable(NetLab.HOST, 0, NetLabTest.DOWN)).isFalse();
            assertThat(a.reachable(NetLab.HOST, 1, NetLabTest.UP)).isTrue();
        }
        assertThat(objects(prefix(tagA))).isEmpty();
        assertThat(objects(prefix(tagB))).isEmpty();
    }

    @Test
    void inAOneNodeLabOnlyTheClientsCanBeCutOff() throws IOException {
        try (NetLab lab = NetLab.create(NetLabTest.uniqueTag("o"), 1)) {
            lab.partition(Grudge.isolate(0, 1, false));
            assertThat(lab.reachable(NetLab.HOST, 0, NetLabTest.UP)).isTrue();
            lab.partition(Grudge.isolate(0, 1, true));
            assertThat(lab.reachable(NetLab.HOST, 0, NetLabTest.DOWN)).isFalse();
            assertThat(lab.reachable(0, NetLab.HOST, NetLabTest.DOWN)).as("replies are dropped too").isFalse();
            lab.heal();
            assertThat(lab.reachable(NetLab.HOST, 0, NetLabTest.UP)).isTrue();
        }
    }

    @Test
    void cleanupRemovesTheLabOfAKilledOwnerAndSparesLiveOnes() throws Exception {
        String liveTag = NetLabTest.uniqueTag("l");
        String deadTag = NetLabTest.uniqueTag("k");
        try (NetLab live = NetLab.create(liveTag, 1)) {
            Process owner = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), AbandonedLab.class.getName(), deadTag, "2", "wait")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).startsWith("ready");
                assertThat(NetLab.cleanupLeftovers()).as("the owner still runs").noneMatch(r -> r.contains(deadTag));
            } finally {
                owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(objects(prefix(deadTag))).hasSize(5);

            List<String> removed = NetLab.cleanupLeftovers();
            assertThat(removed).contains("netns crc-" + deadTag + "-n0", "netns crc-" + deadTag + "-n1",
                    "link crc-" + deadTag + "-br", "link crc-" + deadTag + "-0", "link crc-" + deadTag + "-1");
            assertThat(removed).noneMatch(r -> r.contains(liveTag));
            assertThat(objects(prefix(deadTag))).isEmpty();
            assertThat(Files.exists(Path.of("/run/crucible-netlab", deadTag))).isFalse();
            assertThat(live.reachable(NetLab.HOST, 0, NetLabTest.UP)).as("the live lab still works").isTrue();
        }
    }

    @Test
    void aLabLeftOpenIsClosedWhenItsJvmExits() throws Exception {
        String tag = NetLabTest.uniqueTag("e");
        Process owner = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), AbandonedLab.class.getName(), tag, "1", "exit")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("ready");
            assertThat(owner.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(owner.exitValue()).isZero();
        } finally {
            owner.destroyForcibly();
        }
        assertThat(objects(prefix(tag))).isEmpty();
        assertThat(Path.of("/run/crucible-netlab", tag)).doesNotExist();
    }
}
