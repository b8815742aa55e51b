package dev.crucible.chaos.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's live clients, by process, each with a way to crash it from outside: a producer is
 * closed at once (a send in flight ends unknown: {@code info}), a consumer is woken up (its poll
 * ends {@code info}). The client then starts over as a new process, as a restarted application
 * would. This is the client-side fault that applies to any target, one we did not launch included.
 */
public final class Crashes {
    private final Map<Long, Runnable> live = new TreeMap<>();

    synchronized void register(long process, Runnable crash) {
        live.put(process, crash);
    }

    synchronized void unregister(long process) {
        live.remove(process);
    }

    /** Crashes every live client; returns their processes. */
    public List<Long> crashAll() {
        Map<Long, Runnable> now;
        synchronized (this) {
            now = new TreeMap<>(live);
            live.clear();
        }
        for (Runnable r : now.values()) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a client already closing: it starts over anyway
            }
        }
        return new ArrayList<>(now.keySet());
    }
}
