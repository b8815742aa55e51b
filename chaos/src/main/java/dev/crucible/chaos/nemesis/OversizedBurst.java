package dev.crucible.chaos.nemesis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Sends {@link AdversarialRequests} over a plain socket, one connection per request, and says what
 * the broker answered: error codes counted by name, or that it closed the connection or stayed
 * silent (the liveness check after it decides whether that is a defect).
 */
final class OversizedBurst {
    /** Produce v13 names topics by id; the lying batch goes by name. */
    static final short PRODUCE_VERSION_CAP = 12;
    /** The claimed record count of the lying batch. */
    static final int CLAIMED_RECORDS = Integer.MAX_VALUE - 1;

    private OversizedBurst() {}

    /** One CreateTopics of {@code names} with {@code partitions} each. */
    static String createTopics(InetSocketAddress at, List<String> names, int partitions, boolean validateOnly,
            Duration timeout) {
        String what = "CreateTopics " + (names.size() == 1 ? names.get(0) : names.size() + " topics") + " x " + partitions
                + " partitions" + (validateOnly ? " (validateOnly)" : "") + ": ";
        try (RawKafka k = RawKafka.connect(at, timeout)) {
            short v = k.version(ApiKeys.CREATE_TOPICS, Short.MAX_VALUE);
            if (v < 0) {
                return what + "not offered by the broker";
            }
            CreateTopicsRequestData req = AdversarialRequests.createTopics(names, partitions, validateOnly,
                    (int) timeout.toMillis());
            CreateTopicsResponseData resp = k.call(ApiKeys.CREATE_TOPICS, v, req, new CreateTopicsResponseData(),
                    timeout.plusSeconds(5));
            Map<String, Integer> counts = new TreeMap<>();
            String firstMessage = null;
            for (CreateTopicsResponseData.CreatableTopicResult r : resp.topics()) {
                counts.merge(Errors.forCode(r.errorCode()).name(), 1, Integer::sum);
                if (firstMessage == null && r.errorMessage() != null && !r.errorMessage().isEmpty()) {
                    firstMessage = r.errorMessage();
                }
            }
            return what + counts + (firstMessage == null ? "" : " (\"" + clip(firstMessage) + "\")");
        } catch (IOException e) {
            return what + "no answer: " + e;
        }
    }

    /**
     * Three Produce requests to partition 0 of {@code topic}: the lying batch alone; the lying batch
     * followed by an honest one in the same records field; and the two as two entries for the same
     * partition in one request.
     */
    static String lyingProduce(InetSocketAddress at, String topic, Duration timeout) {
        ByteBuffer lie = AdversarialRequests.lyingBatch(CLAIMED_RECORDS);
        ByteBuffer honest = AdversarialRequests.honestBatch(2, "crucible admin nemesis: honest batch");
        int ms = (int) timeout.toMillis();
        StringBuilder out = new StringBuilder("Produce of a batch claiming " + CLAIMED_RECORDS + " records (valid CRC)");
        out.append(" alone: ").append(produce(at, AdversarialRequests.produce(topic, List.of(lie), ms), timeout));
        out.append("; then an honest batch in the same records: ").append(produce(at,
                AdversarialRequests.produce(topic, List.of(AdversarialRequests.concat(lie, honest)), ms), timeout));
        out.append("; as two entries for partition 0: ").append(produce(at,
                AdversarialRequests.produce(topic, List.of(lie, honest), ms), timeout));
        return out.toString();
    }

    private static String produce(InetSocketAddress at, ProduceRequestData req, Duration timeout) {
        try (RawKafka k = RawKafka.connect(at, timeout)) {
            short v = k.version(ApiKeys.PRODUCE, PRODUCE_VERSION_CAP);
            if (v < 0) {
                return "no Produce version in common";
            }
            ProduceResponseData resp = k.call(ApiKeys.PRODUCE, v, req, new ProduceResponseData(), timeout.plusSeconds(5));
            StringBuilder s = new StringBuilder();
            for (ProduceResponseData.TopicProduceResponse t : resp.responses()) {
                for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                    s.append(s.length() == 0 ? "" : ", ").append(Errors.forCode(p.errorCode()).name());
                    if (p.errorCode() == 0) {
                        s.append(" at offset ").append(p.baseOffset());
                    } else if (p.errorMessage() != null && !p.errorMessage().isEmpty()) {
                        s.append(" (\"").append(clip(p.errorMessage())).append("\")");
                    }
                }
            }
            return s.length() == 0 ? "answered with no partition" : s.toString();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
