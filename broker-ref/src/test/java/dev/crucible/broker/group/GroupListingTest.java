package dev.crucible.broker.group;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crucible.broker.group.GroupHarness.done;
import static dev.crucible.broker.group.Requests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class GroupListingTest {
    private final GroupHarness h = new GroupHarness(GroupConfig.DEFAULT.withInitialRebalanceDelayMs(0));

    @AfterEach
    void close() {
        h.close();
    }

    private DescribedGroup describe(short version, String groupId) {
        return h.coordinator.describeGroups(version, new DescribeGroupsRequestData().setGroups(List.of(groupId)))
            .groups().get(0);
    }

    @Test
    void describeShowsSubscriptionsAndAssignmentsOfAStableGroupOnly() {
        JoinGroupResponseData joined = done(h.join((short) 2, "client-7", Requests.join("")));
        DescribedGroup completing = describe((short) 0, Requests.GROUP);
        assertThat(completing.groupState()).isEqualTo("CompletingRebalance");
        assertThat(completing.protocolData()).isEmpty();
        assertThat(completing.members().get(0).memberMetadata()).isEmpty();

        done(h.sync(joined.memberId(), 1, Map.of(joined.memberId(), bytes("assigned"))));
        DescribedGroup stable = describe((short) 5, Requests.GROUP);

        assertThat(stable.groupState()).isEqualTo("Stable");
        assertThat(stable.protocolType()).isEqualTo("consumer");
        assertThat(stable.protocolData()).isEqualTo("range");
        assertThat(stable.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(joined.memberId());
            assertThat(m.clientId()).isEqualTo("client-7");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(m.memberMetadata()).isEqualTo(bytes("range-subscription"));
            assertThat(m.memberAssignment()).isEqualTo(bytes("assigned"));
        });
    }

    @Test
    void anUnknownGroupIsDeadWithoutErrorBeforeV6AndNotFoundFromV6() {
        DescribedGroup v5 = describe((short) 5, "nope");
        assertThat(v5.groupState()).isEqualTo("Dead");
        assertThat(v5.errorCode()).isEqualTo(Errors.NONE.code());

        DescribedGroup v6 = describe((short) 6, "nope");
        assertThat(v6.groupState()).isEqualTo("Dead");
        assertThat(Errors.forCode(v6.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void listGroupsFiltersByStateAndTypeAndIncludesGroupsHoldingOnlyOffsets() {
        JoinGroupResponseData joined = done(h.join((short) 2, "c", Requests.join("")));
        done(h.sync(joined.memberId(), 1, Map.of()));
        h.commit(Requests.standaloneCommit("t", 0, 1).setGroupId("offsets-only"));

        List<ListedGroup> all = h.coordinator.listGroups((short) 5, new ListGroupsRequestData()).groups();
        assertThat(all).extracting(ListedGroup::groupId).containsExactlyInAnyOrder(Requests.GROUP, "offsets-only");
        assertThat(all).filteredOn(g -> g.groupId().equals("offsets-only")).singleElement().satisfies(g -> {
            assertThat(g.groupState()).isEqualTo("Empty");
            assertThat(g.protocolType()).isEmpty();
            assertThat(g.groupType()).isEqualTo("classic");
        });

        assertThat(h.coordinator.listGroups((short) 4, new ListGroupsRequestData().setStatesFilter(List.of("Empty")))
            .groups()).extracting(ListedGroup::groupId).containsExactly("offsets-only");
        assertThat(h.coordinator.listGroups((short) 5, new ListGroupsRequestData().setTypesFilter(List.of("consumer")))
            .groups()).isEmpty();
        assertThat(h.coordinator.listGroups((short) 0, new ListGroupsRequestData().setStatesFilter(List.of("Empty")))
            .groups()).as("v0 has no filter").hasSize(2);
    }
}
