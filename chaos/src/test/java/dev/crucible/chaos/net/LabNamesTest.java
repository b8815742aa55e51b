package dev.crucible.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Names, subnets and rule text of a lab: pure, no root needed. */
class LabNamesTest {

    @Test
    void everyInterfaceNameFitsIfnamsiz() {
        LabNames names = new LabNames("abcdefgh");
        assertThat(names.bridge()).hasSizeLessThanOrEqualTo(15).startsWith("crc");
        assertThat(names.hostVeth(NetLab.MAX_NODES - 1)).hasSizeLessThanOrEqualTo(15).startsWith("crc");
        assertThat(names.namespace(3)).isEqualTo("crc-abcdefgh-n3");
    }

    @Test
    void tagsAreShortLowercaseAndNotReserved() {
        for (String bad : List.of("", "abcdefghi", "Ab", "a-b", "probe")) {
            assertThatThrownBy(() -> new LabNames(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aNameLeadsBackToItsTagOrProbe() {
        assertThat(LabNames.tagOf("crc-x7-n0")).contains("x7");
        assertThat(LabNames.tagOf("crc-x7-br")).contains("x7");
        assertThat(LabNames.tagOf("crcfoo")).isEmpty();
        assertThat(LabNames.tagOf("eth0")).isEmpty();
        assertThat(LabNames.probePid(LabNames.probeNamespace(4321))).contains(4321L);
        assertThat(LabNames.probePid("crc-x7-n0")).isEqualTo(Optional.empty());
    }

    @Test
    void aSubnetOverlapsNoExistingRoute() {
        String routes = String.join("\n",
                "default via 192.0.2.1 dev eth0",
                "10.77.0.0/20 dev vpn0 scope link",
                "10.77.16.0/24 dev crc-a-br proto kernel scope link src 10.77.16.1",
                "local 10.77.17.5 dev lo table local proto kernel scope host src 10.77.17.5",
                "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1");
        String tag = tagStartingAt(0);
        Subnets.Prefix picked = Subnets.pick(tag, routes).orElseThrow();
        assertThat(Subnets.format(picked.network())).isEqualTo("10.77.18.0");
        assertThat(Subnets.pick(tag, "10.0.0.0/8 dev big\n").map(p -> Subnets.format(p.network())))
                .contains("172.29.0.0");
        assertThat(Subnets.pick(tag, "0.0.0.0/1 dev a\n128.0.0.0/1 dev b\n")).isEmpty();
    }

    @Test
    void faultRulesReplaceTheWholeChain() {
        assertThat(FaultRules.replace(List.of("10.77.1.11", "10.77.1.1"), 0.25)).isEqualTo("*filter\n"
                + ":crc-fault - [0:0]\n"
                + "-A crc-fault -s 10.77.1.11/32 -j DROP\n"
                + "-A crc-fault -s 10.77.1.1/32 -j DROP\n"
                + "-A crc-fault -m statistic --mode random --probability 0.250000 -j DROP\n"
                + "COMMIT\n");
        assertThat(FaultRules.replace(List.of(), 0)).isEqualTo("*filter\n:crc-fault - [0:0]\nCOMMIT\n");
        assertThat(FaultRules.replace(List.of(), List.of(new FaultRules.PortCut("10.77.1.12", 9094)), 0)).isEqualTo(
                "*filter\n:crc-fault - [0:0]\n"
                + "-A crc-fault -s 10.77.1.12/32 -p tcp --sport 9094 -j DROP\n"
                + "-A crc-fault -s 10.77.1.12/32 -p tcp --dport 9094 -j DROP\n"
                + "COMMIT\n");
    }

    /** A tag whose starting /24 is 10.77.0.0, so the test knows where probing begins. */
    private static String tagStartingAt(int third) {
        for (int i = 0; ; i++) {
            String tag = "s" + i;
            if (Math.floorMod(tag.hashCode(), 256) == third) {
                return tag;
            }
        }
    }
}
