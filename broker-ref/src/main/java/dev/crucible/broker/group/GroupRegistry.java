package dev.crucible.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * All groups by id, and the one way to touch a group: lock it, run a handler, release it, then
 * complete the futures the handler collected. One lock per group keeps unrelated groups independent;
 * a group that ends up with nothing worth keeping ({@link ClassicGroup#isDroppable()}) is removed
 * while still locked, so the number of groups stays bounded by the live ones.
 */
final class GroupRegistry {
    private final ConcurrentHashMap<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Runs {@code body} on the group, creating it when {@code create} is set.
     *
     * @return false (body not run) when the group does not exist and was not to be created
     */
    boolean withGroup(String groupId, boolean create, BiConsumer<ClassicGroup, Completions> body) {
        Completions done = new Completions();
        ClassicGroup group = lock(groupId, create);
        if (group == null) {
            return false;
        }
        try {
            body.accept(group, done);
        } finally {
            release(group);
        }
        done.run();
        return true;
    }

    /**
     * Runs {@code body} on a group a timer or an append callback holds; nothing if it was dropped since
     * or the registry is closed (timers may still fire after the coordinator closed).
     */
    void withGroup(ClassicGroup group, BiConsumer<ClassicGroup, Completions> body) {
        if (closed) {
            return;
        }
        Completions done = new Completions();
        group.lock.lock();
        if (group.dropped) {
            group.lock.unlock();
            return;
        }
        try {
            body.accept(group, done);
        } finally {
            release(group);
        }
        done.run();
    }

    private ClassicGroup lock(String groupId, boolean create) {
        while (true) {
            ClassicGroup group = create ? groups.computeIfAbsent(groupId, ClassicGroup::new) : groups.get(groupId);
            if (group == null) {
                return null;
            }
            group.lock.lock();
            if (!group.dropped) {
                return group;
            }
            group.lock.unlock();
        }
    }

    private void release(ClassicGroup group) {
        if (group.isDroppable()) {
            group.dropped = true;
            groups.remove(group.groupId, group);
        }
        group.lock.unlock();
    }

    /** A snapshot of the groups, for listing; each must still be locked before it is read. */
    List<ClassicGroup> snapshot() {
        return new ArrayList<>(groups.values());
    }

    /** From now on timers and late callbacks leave the groups alone. */
    void close() {
        closed = true;
    }

    int size() {
        return groups.size();
    }
}
