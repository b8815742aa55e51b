package dev.crucible.load.workload;

import java.time.Duration;

/**
 * A workload file as YAML spells it, for Jackson: OMB's field names and forms (whole minutes, rates
 * and counts), Crucible's additions ({@code testDuration: 50s}), every field optional (null = not
 * given, so the defaults live in one place, {@link WorkloadBuilder}). Mutable only while Jackson fills
 * it; {@link #toBuilder} turns it into a workload once. {@link #of} goes the other way, for the
 * values run.json records.
 */
final class WorkloadYaml {
    public String name;
    public Integer topics;
    public Integer partitionsPerTopic;
    public KeyDistributor keyDistributor;
    public Integer messageSize;
    public Boolean useRandomizedPayloads;
    public Double randomBytesRatio;
    public Integer randomizedPayloadPoolSize;
    public String payloadFile;
    public Integer subscriptionsPerTopic;
    public Integer producersPerTopic;
    public Integer consumerPerSubscription;
    public Long producerRate;
    public Long producerStartRate;
    public Long acceptableBacklog;
    public Integer producerIncrementRate;
    public Integer producerIncrementSeconds;
    public Integer messageRateReceivedForSubscription;
    public Double consumerBacklogSizeGB;
    public Double backlogDrainRatio;
    public Long producerPauseBeforeDrain;
    public Long producerPauseDuringDrain;
    public Integer testDurationMinutes;
    public Integer warmupDurationMinutes;
    /** Crucible: measured time as a duration ("50s", "5m"); wins over testDurationMinutes. */
    public String testDuration;
    /** Crucible: warm-up as a duration; wins over warmupDurationMinutes. */
    public String warmupDuration;
    public Workload.Arrivals arrivals;
    public Integer maxOutstandingPerProducer;

    /** The given fields over the defaults, with {@code payload} (read by the caller) for {@link #payloadFile}. */
    WorkloadBuilder toBuilder(PayloadFile payload) {
        WorkloadBuilder b = Workload.builder().payloadFile(payload);
        set(name, b::name);
        set(topics, b::topics);
        set(partitionsPerTopic, b::partitionsPerTopic);
        set(keyDistributor, b::keyDistributor);
        set(messageSize, b::messageSize);
        set(useRandomizedPayloads, b::useRandomizedPayloads);
        set(randomBytesRatio, b::randomBytesRatio);
        set(randomizedPayloadPoolSize, b::randomizedPayloadPoolSize);
        set(subscriptionsPerTopic, b::subscriptionsPerTopic);
        set(producersPerTopic, b::producersPerTopic);
        set(consumerPerSubscription, b::consumerPerSubscription);
        set(producerRate, b::producerRate);
        set(producerStartRate, b::producerStartRate);
        set(acceptableBacklog, b::acceptableBacklog);
        set(consumerBacklogSizeGB, b::consumerBacklogSizeGB);
        set(duration(testDuration, testDurationMinutes), b::testDuration);
        set(duration(warmupDuration, warmupDurationMinutes), b::warmupDuration);
        set(arrivals, b::arrivals);
        set(maxOutstandingPerProducer, b::maxOutstandingPerProducer);
        Workload.OmbOnly d = Workload.OmbOnly.DEFAULTS;
        return b.ombOnly(new Workload.OmbOnly(
                or(producerIncrementRate, d.producerIncrementRate()),
                or(producerIncrementSeconds, d.producerIncrementSeconds()),
                or(messageRateReceivedForSubscription, d.messageRateReceivedForSubscription()),
                or(backlogDrainRatio, d.backlogDrainRatio()),
                or(producerPauseBeforeDrain, d.producerPauseBeforeDrain()),
                or(producerPauseDuringDrain, d.producerPauseDuringDrain())));
    }

    /** {@code w} in the file's field names; durations as text ("50s"), the payload file by the name it was given. */
    static WorkloadYaml of(Workload w) {
        WorkloadYaml y = new WorkloadYaml();
        y.name = w.name();
        y.topics = w.topics();
        y.partitionsPerTopic = w.partitionsPerTopic();
        y.keyDistributor = w.keyDistributor();
        y.messageSize = w.messageSize();
        y.useRandomizedPayloads = w.useRandomizedPayloads();
        y.randomBytesRatio = w.randomBytesRatio();
        y.randomizedPayloadPoolSize = w.randomizedPayloadPoolSize();
        y.payloadFile = w.payloadFile() == null ? null : w.payloadFile().name();
        y.subscriptionsPerTopic = w.subscriptionsPerTopic();
        y.producersPerTopic = w.producersPerTopic();
        y.consumerPerSubscription = w.consumerPerSubscription();
        y.producerRate = w.producerRate();
        y.producerStartRate = w.producerStartRate();
        y.acceptableBacklog = w.acceptableBacklog();
        y.producerIncrementRate = w.ombOnly().producerIncrementRate();
        y.producerIncrementSeconds = w.ombOnly().producerIncrementSeconds();
        y.messageRateReceivedForSubscription = w.ombOnly().messageRateReceivedForSubscription();
        y.consumerBacklogSizeGB = w.consumerBacklogSizeGB();
        y.backlogDrainRatio = w.ombOnly().backlogDrainRatio();
        y.producerPauseBeforeDrain = w.ombOnly().producerPauseBeforeDrain();
        y.producerPauseDuringDrain = w.ombOnly().producerPauseDuringDrain();
        y.testDurationMinutes = (int) w.testDuration().toMinutes();
        y.warmupDurationMinutes = (int) w.warmupDuration().toMinutes();
        y.testDuration = Durations.text(w.testDuration());
        y.warmupDuration = Durations.text(w.warmupDuration());
        y.arrivals = w.arrivals();
        y.maxOutstandingPerProducer = w.maxOutstandingPerProducer();
        return y;
    }

    /** The duration text when given, else whole minutes when given, else null (the default). */
    private static Duration duration(String text, Integer minutes) {
        return text != null ? Durations.parse(text) : minutes != null ? Duration.ofMinutes(minutes) : null;
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
