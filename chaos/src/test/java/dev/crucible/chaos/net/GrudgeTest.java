package dev.crucible.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Shapes of the grudge factories: pure, no root needed. */
class GrudgeTest {

    private static final long[] SEEDS = {0, 1, 2, 42, 7_777, -3};

    /** The nodes {@code node} accepts packets from, itself included. */
    private static Set<Integer> sees(Grudge grudge, int node, int nodes) {
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < nodes; i++) {
            if (!grudge.dropsOf(node).contains(i)) {
                seen.add(i);
            }
        }
        return seen;
    }

    private static void assertSymmetric(Grudge grudge, int nodes) {
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                assertThat(grudge.dropsOf(a).contains(b)).as("n%d drops n%d iff n%d drops n%d in %s", a, b, b, a,
                        grudge.describe()).isEqualTo(grudge.dropsOf(b).contains(a));
            }
        }
    }

    @Test
    void isolateCutsOneNodeFromAllOthersAndOptionallyFromClients() {
        Grudge grudge = Grudge.isolate(0, 3, false);
        assertThat(grudge.drops()).isEqualTo(Map.of(0, Set.of(1, 2), 1, Set.of(0), 2, Set.of(0)));
        assertThat(grudge.describe()).isEqualTo("n0 | n1 n2");

        Grudge withClients = Grudge.isolate(1, 3, true);
        assertThat(withClients.dropsOf(1)).containsExactlyInAnyOrder(0, 2, NetLab.HOST);
        assertThat(withClients.dropsOf(0)).containsExactly(1);
        assertThat(withClients.describe()).isEqualTo("n0 n2 | n1; clients cut off from n1");
    }

    @Test
    void isolateOnOneOrTwoNodesDoesWhatCanBeDone() {
        assertThat(Grudge.isolate(0, 1, false).isEmpty()).isTrue();
        assertThat(Grudge.isolate(0, 1, false).describe()).isEqualTo("no partition");
        assertThat(Grudge.isolate(0, 1, true).drops()).isEqualTo(Map.of(0, Set.of(NetLab.HOST)));
        assertThat(Grudge.isolate(0, 1, true).describe()).isEqualTo("clients cut off from n0");
        assertThat(Grudge.isolate(1, 2, false).drops()).isEqualTo(Map.of(0, Set.of(1), 1, Set.of(0)));
        assertThatThrownBy(() -> Grudge.isolate(2, 2, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void halvesSplitFiveNodesIntoTwoAgainstThree() {
        for (long seed : SEEDS) {
            Grudge grudge = Grudge.halves(5, seed);
            assertSymmetric(grudge, 5);
            Set<Set<Integer>> components = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                components.add(sees(grudge, i, 5));
            }
            assertThat(components).as("seed %d: %s", seed, grudge.describe()).hasSize(2)
                    .anySatisfy(c -> assertThat(c).hasSize(2)).anySatisfy(c -> assertThat(c).hasSize(3));
            assertThat(grudge.describe()).matches("n\\d( n\\d)* \\| n\\d( n\\d)*");
        }
        assertThat(Grudge.halves(1, 0).isEmpty()).isTrue();
        assertThat(Grudge.halves(2, 0).drops()).isEqualTo(Map.of(0, Set.of(1), 1, Set.of(0)));
    }

    @Test
    void inAMajoritiesRingEveryNodeSeesADifferentMajority() {
        for (int nodes = 4; nodes <= 12; nodes++) {
            for (long seed : SEEDS) {
                Grudge grudge = Grudge.majoritiesRing(nodes, seed);
                assertSymmetric(grudge, nodes);
                Set<Set<Integer>> views = new HashSet<>();
                for (int i = 0; i < nodes; i++) {
                    Set<Integer> view = sees(grudge, i, nodes);
                    assertThat(view).as("n%d of %d (seed %d) sees a majority but not all", i, nodes, seed)
                            .hasSizeGreaterThan(nodes / 2).hasSizeLessThan(nodes);
                    views.add(view);
                }
                assertThat(views).as("%d nodes, seed %d: every view differs", nodes, seed).hasSize(nodes);
            }
        }
    }

    @Test
    void aFiveNodeRingDropsExactlyTheTwoFarNodes() {
        for (long seed : SEEDS) {
            Grudge grudge = Grudge.majoritiesRing(5, seed);
            for (int i = 0; i < 5; i++) {
                assertThat(grudge.dropsOf(i)).as("seed %d", seed).hasSize(2);
            }
        }
        assertThat(Grudge.majoritiesRing(6, 1).dropsOf(0)).as("exactly a majority of 6: 4").hasSize(2);
    }

    @Test
    void noMajoritiesRingExistsBelowFourNodes() {
        for (int nodes = 1; nodes <= 3; nodes++) {
            assertThat(Grudge.majoritiesRing(nodes, 5).isEmpty()).isTrue();
        }
    }

    @Test
    void aBridgeJoinsTwoHalvesThroughOneNode() {
        for (long seed : SEEDS) {
            Grudge grudge = Grudge.bridge(5, seed);
            assertSymmetric(grudge, 5);
            List<Integer> bridges = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                if (sees(grudge, i, 5).size() == 5) {
                    bridges.add(i);
                }
            }
            assertThat(bridges).as("seed %d: %s", seed, grudge.describe()).hasSize(1);
            int bridge = bridges.get(0);
            for (int i = 0; i < 5; i++) {
                if (i != bridge) {
                    assertThat(sees(grudge, i, 5)).as("n%d sees its half and the bridge", i).hasSize(3).contains(bridge);
                }
            }
        }
        assertThat(Grudge.bridge(2, 0).isEmpty()).isTrue();
        Grudge three = Grudge.bridge(3, 0);
        assertThat(three.drops()).hasSize(2);
        assertThat(three.describe(3)).as("the bridge's middle counts").matches("n(\\d) drops n(\\d); n\\2 drops n\\1");
        assertThat(three.describe()).matches("n\\d \\| n\\d");
    }

    @Test
    void aOneWayGrudgeDropsOneDirection() {
        assertThat(Grudge.oneWay(0, 1).drops()).isEqualTo(Map.of(1, Set.of(0)));
        assertThat(Grudge.oneWay(0, 1).describe()).isEqualTo("n1 drops n0");
        assertThat(Grudge.oneWay(NetLab.HOST, 2).describe()).isEqualTo("clients cut off from n2");
        assertThatThrownBy(() -> Grudge.oneWay(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grudge.oneWay(0, NetLab.HOST)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSeedNamesTheSamePartitionEveryTime() {
        assertThat(Grudge.halves(7, 99)).isEqualTo(Grudge.halves(7, 99));
        assertThat(Grudge.majoritiesRing(7, 99)).isEqualTo(Grudge.majoritiesRing(7, 99));
        assertThat(Grudge.bridge(7, 99)).isEqualTo(Grudge.bridge(7, 99));
        Set<Grudge> differentSeeds = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            differentSeeds.add(Grudge.halves(7, seed));
        }
        assertThat(differentSeeds).as("seeds pick different minorities").hasSizeGreaterThan(1);
    }

    @Test
    void aGrudgeIsImmutableAndSorted() {
        Map<Integer, Set<Integer>> drops = new HashMap<>();
        drops.put(2, new HashSet<>(Set.of(1, 0)));
        drops.put(0, new HashSet<>());
        Grudge grudge = new Grudge(drops);
        drops.get(2).add(3);
        assertThat(grudge.drops()).isEqualTo(Map.of(2, Set.of(0, 1)));
        assertThat(grudge.dropsOf(2)).containsExactly(0, 1);
        assertThatThrownBy(() -> grudge.drops().put(1, Set.of())).isInstanceOf(UnsupportedOperationException.class);
    }
}
