package dev.crucible.broker.group;

/**
 * The states of a classic group, with the names Kafka puts on the wire (DescribeGroups, ListGroups).
 *
 * <pre>
 *  Empty --join--> PreparingRebalance --all joined / timeout--> CompletingRebalance --leader sync--> Stable
 *    ^                  ^    |  (no member left)                       |                              |
 *    |                  |    +--> Empty                                +-- join/leave/expiry ---------+
 *    +------------------+---------------------------------------------------- (back to Preparing)
 * </pre>
 * Dead is only ever reported, for a group that does not exist.
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name as Kafka spells it in responses, e.g. {@code "PreparingRebalance"}. */
    public String kafkaName() {
        return kafkaName;
    }

    /** Matches a ListGroups states filter entry, which Kafka compares case-insensitively. */
    boolean matches(String filterEntry) {
        return kafkaName.equalsIgnoreCase(filterEntry);
    }
}
