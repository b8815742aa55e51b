package dev.crucible.load.driver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A driver with no system behind it: a send is acknowledged at once and handed, on the sending
 * thread, to one consumer of each subscription of the topic. Running a workload through it shows
 * what the generator itself can do on this machine (pacing, stamping, recording, tracking).
 */
public final class NoopDriver implements BenchDriver {
    private final Map<String, Map<String, List<Delivery>>> subscribers = new ConcurrentHashMap<>();

    private record Delivery(NoopConsumer consumer, Sink sink) {}

    @Override
    public TopicReplication createTopics(List<String> names, int partitions) {
        return null;
    }

    @Override
    public void deleteTopics(List<String> names) {}

    @Override
    public BenchProducer producer(String topic) {
        return new BenchProducer() {
            @Override
            public void send(int partition, byte[] key, byte[] value, Ack ack) {
                ack.done(null);
                Map<String, List<Delivery>> groups = subscribers.get(topic);
                if (groups == null) {
                    return;
                }
                for (List<Delivery> members : groups.values()) {
                    if (!members.isEmpty()) {
                        Delivery d = members.get(Math.floorMod(partition, members.size()));
                        d.sink().accept(partition, value);
                    }
                }
            }

            @Override
            public void flush(long timeoutMs) {}

            @Override
            public void close() {}
        };
    }

    @Override
    public BenchConsumer consumer(String topic, String group) {
        NoopConsumer c = new NoopConsumer(topic, group);
        return c;
    }

    private final class NoopConsumer implements BenchConsumer {
        private final String topic;
        private final String group;
        private volatile boolean registered;

        NoopConsumer(String topic, String group) {
            this.topic = topic;
            this.group = group;
        }

        @Override
        public int poll(long timeoutMs, Sink sink) {
            if (!registered) {
                subscribers.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                        .computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(new Delivery(this, sink));
                registered = true;
            }
            try {
                Thread.sleep(Math.min(timeoutMs, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        @Override
        public int assignedPartitions() {
            return registered ? Integer.MAX_VALUE : 0;
        }

        @Override
        public void paused(boolean paused) {}

        @Override
        public void wakeup() {}

        @Override
        public void close() {
            Map<String, List<Delivery>> groups = subscribers.get(topic);
            if (groups != null && groups.get(group) != null) {
                groups.get(group).removeIf(d -> d.consumer() == this);
            }
        }
    }

    @Override
    public void close() {}
}
