package dev.crucible.load.workload;

import java.time.Duration;

/**
 * Collects a {@link Workload}'s components one at a time, starting from OMB's defaults (and Crucible's for
 * its own fields: 1-minute warm-up and test, evenly spaced arrivals, 1000 outstanding messages per producer);
 * {@link #build} checks them all at once. Each setter sets the component of the same name.
 */
public final class WorkloadBuilder {
    private String name = "workload";
    private int topics = 1;
    private int partitionsPerTopic = 1;
    private KeyDistributor keyDistributor = KeyDistributor.NO_KEY;
    private int messageSize = 1024;
    private boolean useRandomizedPayloads;
    private double randomBytesRatio;
    private int randomizedPayloadPoolSize;
    private PayloadFile payloadFile;
    private int subscriptionsPerTopic = 1;
    private int producersPerTopic = 1;
    private int consumerPerSubscription = 1;
    private long producerRate = 10_000;
    private long producerStartRate = 10_000;
    private long acceptableBacklog = 10_000;
    private double consumerBacklogSizeGB;
    private Duration testDuration = Duration.ofMinutes(1);
    private Duration warmupDuration = Duration.ofMinutes(1);
    private Workload.Arrivals arrivals = Workload.Arrivals.CONSTANT;
    private int maxOutstandingPerProducer = 1000;
    private Workload.OmbOnly ombOnly = Workload.OmbOnly.DEFAULTS;

    WorkloadBuilder() {}

    /** Sets {@link Workload#name()}. */
    public WorkloadBuilder name(String value) {
        this.name = value;
        return this;
    }

    /** Sets {@link Workload#topics()}. */
    public WorkloadBuilder topics(int value) {
        this.topics = value;
        return this;
    }

    /** Sets {@link Workload#partitionsPerTopic()}. */
    public WorkloadBuilder partitionsPerTopic(int value) {
        this.partitionsPerTopic = value;
        return this;
    }

    /** Sets {@link Workload#keyDistributor()}. */
    public WorkloadBuilder keyDistributor(KeyDistributor value) {
        this.keyDistributor = value;
        return this;
    }

    /** Sets {@link Workload#messageSize()}. */
    public WorkloadBuilder messageSize(int value) {
        this.messageSize = value;
        return this;
    }

    /** Sets {@link Workload#useRandomizedPayloads()}. */
    public WorkloadBuilder useRandomizedPayloads(boolean value) {
        this.useRandomizedPayloads = value;
        return this;
    }

    /** Sets {@link Workload#randomBytesRatio()}. */
    public WorkloadBuilder randomBytesRatio(double value) {
        this.randomBytesRatio = value;
        return this;
    }

    /** Sets {@link Workload#randomizedPayloadPoolSize()}. */
    public WorkloadBuilder randomizedPayloadPoolSize(int value) {
        this.randomizedPayloadPoolSize = value;
        return this;
    }

    /** Sets {@link Workload#payloadFile()}. */
    public WorkloadBuilder payloadFile(PayloadFile value) {
        this.payloadFile = value;
        return this;
    }

    /** Sets {@link Workload#subscriptionsPerTopic()}. */
    public WorkloadBuilder subscriptionsPerTopic(int value) {
        this.subscriptionsPerTopic = value;
        return this;
    }

    /** Sets {@link Workload#producersPerTopic()}. */
    public WorkloadBuilder producersPerTopic(int value) {
        this.producersPerTopic = value;
        return this;
    }

    /** Sets {@link Workload#consumerPerSubscription()}. */
    public WorkloadBuilder consumerPerSubscription(int value) {
        this.consumerPerSubscription = value;
        return this;
    }

    /** Sets {@link Workload#producerRate()}. */
    public WorkloadBuilder producerRate(long value) {
        this.producerRate = value;
        return this;
    }

    /** Sets {@link Workload#producerStartRate()}. */
    public WorkloadBuilder producerStartRate(long value) {
        this.producerStartRate = value;
        return this;
    }

    /** Sets {@link Workload#acceptableBacklog()}. */
    public WorkloadBuilder acceptableBacklog(long value) {
        this.acceptableBacklog = value;
        return this;
    }

    /** Sets {@link Workload#consumerBacklogSizeGB()}. */
    public WorkloadBuilder consumerBacklogSizeGB(double value) {
        this.consumerBacklogSizeGB = value;
        return this;
    }

    /** Sets {@link Workload#testDuration()}. */
    public WorkloadBuilder testDuration(Duration value) {
        this.testDuration = value;
        return this;
    }

    /** Sets {@link Workload#warmupDuration()}. */
    public WorkloadBuilder warmupDuration(Duration value) {
        this.warmupDuration = value;
        return this;
    }

    /** Sets {@link Workload#arrivals()}. */
    public WorkloadBuilder arrivals(Workload.Arrivals value) {
        this.arrivals = value;
        return this;
    }

    /** Sets {@link Workload#maxOutstandingPerProducer()}. */
    public WorkloadBuilder maxOutstandingPerProducer(int value) {
        this.maxOutstandingPerProducer = value;
        return this;
    }

    /** Sets {@link Workload#ombOnly()}. */
    public WorkloadBuilder ombOnly(Workload.OmbOnly value) {
        this.ombOnly = value;
        return this;
    }

    /** The workload; IllegalArgumentException names the first component whose value cannot be run. */
    public Workload build() {
        return new Workload(name, topics, partitionsPerTopic, keyDistributor, messageSize, useRandomizedPayloads,
                randomBytesRatio, randomizedPayloadPoolSize, payloadFile, subscriptionsPerTopic, producersPerTopic,
                consumerPerSubscription, producerRate, producerStartRate, acceptableBacklog, consumerBacklogSizeGB,
                testDuration, warmupDuration, arrivals, maxOutstandingPerProducer, ombOnly);
    }
}
