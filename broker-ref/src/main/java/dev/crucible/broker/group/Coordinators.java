package dev.crucible.broker.group;

import java.util.List;

/**
 * Which group coordinator serves a group id on this broker. A broker running alone has one for every
 * group; in a cluster a broker has one per offsets-topic partition it leads (and has loaded), and
 * none for the groups of other partitions, which clients are sent elsewhere for (NOT_COORDINATOR).
 */
public interface Coordinators {

    /** The coordinator of {@code groupId} here, or null when this broker does not coordinate it now. */
    GroupCoordinator of(String groupId);

    /** Every coordinator here, for ListGroups. */
    List<GroupCoordinator> all();

    /** One coordinator for every group: a broker alone. */
    static Coordinators single(GroupCoordinator coordinator) {
        return new Coordinators() {
            @Override
            public GroupCoordinator of(String groupId) {
                return coordinator;
            }

            @Override
            public List<GroupCoordinator> all() {
                return List.of(coordinator);
            }
        };
    }
}
