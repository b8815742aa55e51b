package dev.crucible.load.run;

import dev.crucible.load.agent.Assignment.ConsumerSpec;
import dev.crucible.load.agent.Assignment.ProducerSpec;
import dev.crucible.load.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a workload over workers: producers round-robin over the workers that produce, consumers
 * round-robin over those that consume. Producer ids are unique in the run.
 */
public final class Plan {
    private final List<String> topics = new ArrayList<>();
    private final List<List<ProducerSpec>> producers = new ArrayList<>();
    private final List<List<ConsumerSpec>> consumers = new ArrayList<>();

    /** The plan of {@code workload} named after {@code runTag}, for {@code workers}. */
    public Plan(Workload workload, String runTag, List<WorkerRef> workers, double totalRate) {
        List<Integer> producing = new ArrayList<>();
        List<Integer> consuming = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            producers.add(new ArrayList<>());
            consumers.add(new ArrayList<>());
            if (workers.get(i).producers()) {
                producing.add(i);
            }
            if (workers.get(i).consumers()) {
                consuming.add(i);
            }
        }
        if (producing.isEmpty()) {
            throw new IllegalArgumentException("no worker produces: give at least one worker the producer role");
        }
        if (consuming.isEmpty() && workload.subscriptionsPerTopic() > 0) {
            throw new IllegalArgumentException("no worker consumes: give at least one worker the consumer role");
        }
        double perProducer = totalRate < 0 ? -1 : totalRate / workload.producerCount();
        int p = 0;
        int c = 0;
        for (int t = 0; t < workload.topics(); t++) {
            String topic = "crucible-" + runTag + "-" + t;
            topics.add(topic);
            for (int k = 0; k < workload.producersPerTopic(); k++, p++) {
                producers.get(producing.get(p % producing.size()))
                        .add(new ProducerSpec(p, topic, workload.partitionsPerTopic(), perProducer));
            }
            for (int s = 0; s < workload.subscriptionsPerTopic(); s++) {
                for (int k = 0; k < workload.consumerPerSubscription(); k++, c++) {
                    consumers.get(consuming.get(c % consuming.size())).add(new ConsumerSpec(topic, topic + "-sub-" + s));
                }
            }
        }
    }

    /** The run's topic names. */
    public List<String> topics() {
        return topics;
    }

    /** Producers of worker {@code i}. */
    public List<ProducerSpec> producers(int i) {
        return producers.get(i);
    }

    /** Consumers of worker {@code i}. */
    public List<ConsumerSpec> consumers(int i) {
        return consumers.get(i);
    }

    /** Per topic, its subscriptions in the order workers were given them (who should receive what). */
    public Map<String, List<String>> subscriptionsByTopic() {
        Map<String, List<String>> subs = new LinkedHashMap<>();
        for (List<ConsumerSpec> perWorker : consumers) {
            for (ConsumerSpec c : perWorker) {
                List<String> l = subs.computeIfAbsent(c.topic(), k -> new ArrayList<>());
                if (!l.contains(c.subscription())) {
                    l.add(c.subscription());
                }
            }
        }
        return subs;
    }
}
