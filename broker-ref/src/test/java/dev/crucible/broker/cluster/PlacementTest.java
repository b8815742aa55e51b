package dev.crucible.broker.cluster;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Group coordinators: the same on every broker, spread over the brokers, and mostly unmoved when a broker joins. */
class PlacementTest {

    @Test
    void aGroupsCoordinatorIsTheSameWhateverOrderTheBrokersAreListedIn() {
        for (int g = 0; g < 500; g++) {
            String group = "group-" + g;
            assertThat(Placement.coordinator(group, List.of(0, 1, 2))).isEqualTo(Placement.coordinator(group, List.of(2, 0, 1)));
        }
        assertThat(Placement.coordinator("g", List.of())).isEqualTo(-1);
    }

    @Test
    void groupsSpreadOverEveryBrokerAndAJoiningBrokerTakesOnlyTheGroupsItWins() {
        Map<Integer, Integer> perBroker = new HashMap<>();
        int moved = 0;
        int groups = 3_000;
        for (int g = 0; g < groups; g++) {
            String group = "consumers-" + g;
            int before = Placement.coordinator(group, List.of(0, 1, 2));
            int after = Placement.coordinator(group, List.of(0, 1, 2, 3));
            perBroker.merge(before, 1, Integer::sum);
            if (after != before) {
                moved++;
                assertThat(after).as("a group that moves, moves to the new broker").isEqualTo(3);
            }
        }
        assertThat(perBroker.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(perBroker.values()).allSatisfy(n -> assertThat(n).isBetween(groups / 3 - groups / 10, groups / 3 + groups / 10));
        assertThat(moved).as("about a quarter move, not most").isBetween(groups / 4 - groups / 10, groups / 4 + groups / 10);
    }
}
