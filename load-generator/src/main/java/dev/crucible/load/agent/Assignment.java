package dev.crucible.load.agent;

import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.Workload;
import java.util.List;

/**
 * What one agent runs in one run: its producers and consumers, the target, and the run's clock
 * mapping for this agent. Sent by the coordinator; an agent accepts one run id at a time.
 *
 * @param runId the run this belongs to; every later command names it (fencing)
 * @param workload the whole run's workload (message size, keys, payload bytes, arrivals); agents need no file
 * @param driver client settings
 * @param bootstrap the target's bootstrap servers, or null for the no-op driver
 * @param producers the producers this agent runs
 * @param consumers the consumers this agent runs
 * @param clockOffsetNs added to this host's monotonic clock to read the run clock
 * @param clockErrorNs bound on the offset's error (0 when the agent shares the coordinator's host)
 * @param clockMethod how the offset was found
 * @param leaseMs the agent stops its load when no heartbeat arrives for this long
 */
public record Assignment(
        String runId,
        Workload workload,
        DriverSettings driver,
        String bootstrap,
        List<ProducerSpec> producers,
        List<ConsumerSpec> consumers,
        long clockOffsetNs,
        long clockErrorNs,
        String clockMethod,
        long leaseMs) {

    /** One producer: a unique id in the run, its topic and its share of the rate (msgs/s; -1 flat out). */
    public record ProducerSpec(int producerId, String topic, int partitions, double ratePerSecond) {}

    /** One consumer of a subscription (a consumer group) of a topic. */
    public record ConsumerSpec(String topic, String subscription) {}
}
