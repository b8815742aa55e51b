package dev.crucible.broker.group;

/**
 * Writes a group's membership to the offsets store when a rebalance ends (Stable, or Empty), so that a
 * coordinator taking the store over (a new leader of the offsets partition) restores the members with
 * their generation and assignments, and they go on without a rebalance. Best effort: a write that fails
 * or is lost with a dying coordinator only means the members rejoin, as they would without it. Off for a
 * broker running alone (its members rejoin after a restart).
 */
final class MembershipLog {
    /** Writes nothing. */
    static final MembershipLog OFF = new MembershipLog(null, null);

    private final OffsetStore store;
    private final GroupTimers timers;

    MembershipLog(OffsetStore store, GroupTimers timers) {
        this.store = store;
        this.timers = timers;
    }

    /** Queues the group's membership as it is now (call under its lock); sent once the lock is released. */
    void save(ClassicGroup group, Completions done) {
        if (store == null) {
            return;
        }
        store.append(OffsetRecordCodec.groupBatch(GroupSnapshot.of(group), timers.nowMs()), failure -> { });
        done.afterUnlock(store::flush);
    }
}
