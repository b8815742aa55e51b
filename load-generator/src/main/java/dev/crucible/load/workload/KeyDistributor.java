package dev.crucible.load.workload;

/** How message keys are chosen, by OMB's names; the key decides the partition as Kafka's default partitioner would. */
public enum KeyDistributor {
    /** No key: the producer sticks to one partition for a batch worth of bytes, then moves on (Kafka's sticky partitioning). */
    NO_KEY,
    /** Keys taken in turn from a fixed pool, so partitions are visited round-robin by hash. */
    KEY_ROUND_ROBIN,
    /** A new key from the nanosecond clock for every message: partitions chosen at random by hash. */
    RANDOM_NANO
}
