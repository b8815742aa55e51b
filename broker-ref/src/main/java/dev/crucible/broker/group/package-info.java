/**
 * The classic consumer-group coordinator: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
 * OffsetFetch, ListGroups and DescribeGroups over kafka-clients' generated message classes.
 *
 * <p>Layout: {@link dev.crucible.broker.group.GroupCoordinator} is the facade the network layer calls;
 * {@code GroupRegistry} owns the groups and the lock-then-complete discipline; {@code Rebalancer} is the
 * rebalance state machine and its timers; one handler class per request type; {@code OffsetRecordCodec}
 * and {@code LogOffsetStore} keep committed offsets in the broker's own log.
 *
 * <p>Threading: any thread may call in; nothing blocks except a group's lock, held only for in-memory
 * work. Futures complete after the lock is released, on the caller's thread, the timer thread or the
 * log writer's thread.
 */
package dev.crucible.broker.group;
