package dev.crucible.broker.net;

import io.netty.channel.Channel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bytes read but not yet answered, over every connection ({@code queued.max.request.bytes}).
 * Past the limit a connection that reads a request stops reading its socket; when answers bring the
 * total back under the limit every connection stopped this way reads again. A request is never
 * dropped: the one that crossed the limit is served, so a single large request cannot deadlock.
 */
final class RequestMemory {
    private final long maxBytes;
    private final AtomicLong queued = new AtomicLong();
    private final Set<Channel> muted = ConcurrentHashMap.newKeySet();

    /** @param maxBytes the limit, or -1 for none */
    RequestMemory(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Counts a request read on {@code channel}; true when the channel must stop reading for now. */
    boolean acquire(Channel channel, int bytes) {
        long now = queued.addAndGet(bytes);
        if (maxBytes > 0 && now > maxBytes) {
            muted.add(channel);
            return true;
        }
        return false;
    }

    /** Counts a request answered (or dropped); reopens muted connections once under the limit. */
    void release(int bytes) {
        long now = queued.addAndGet(-bytes);
        if (maxBytes > 0 && now <= maxBytes && !muted.isEmpty()) {
            for (Channel channel : muted) {
                if (muted.remove(channel)) {
                    channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(Resume.INSTANCE));
                }
            }
        }
    }

    /** Forgets a closed connection. */
    void forget(Channel channel) {
        muted.remove(channel);
    }

    long queuedBytes() {
        return queued.get();
    }

    /** The event that tells a muted connection it may read again. */
    enum Resume { INSTANCE }
}
