package dev.crucible.broker.protocol;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.EnumSet;
import java.util.Set;

/**
 * The APIs broker-ref answers and the version ranges it advertises: exactly those of the Apache Kafka
 * release whose kafka-clients we pin (4.3.1), because kafka-python guesses the broker's version from
 * them and librdkafka turns features on by them.
 *
 * <p>One deliberate quirk, copied from Apache Kafka (KAFKA-18659): Produce is advertised from v0 so
 * that older librdkafka sends compressed batches, but v0–v2 are refused (the connection closes).
 * Not advertised until built: transactions, SASL, KIP-848 groups, telemetry, share groups.
 */
public final class ApiVersionsTable {
    private static final Set<ApiKeys> ADVERTISED = EnumSet.of(
        ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
        ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.FIND_COORDINATOR,
        ApiKeys.JOIN_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.SYNC_GROUP,
        ApiKeys.DESCRIBE_GROUPS, ApiKeys.LIST_GROUPS, ApiKeys.API_VERSIONS,
        ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.INIT_PRODUCER_ID,
        ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.CREATE_PARTITIONS,
        ApiKeys.DESCRIBE_CLUSTER);

    /** Produce v0–v2 are advertised but refused, as Apache Kafka 4.x does. */
    static final short PRODUCE_MIN_ACCEPTED = 3;

    private ApiVersionsTable() {
    }

    public static boolean isAdvertised(ApiKeys api) {
        return ADVERTISED.contains(api);
    }

    /** Lowest version advertised in ApiVersions. */
    public static short minAdvertised(ApiKeys api) {
        return api == ApiKeys.PRODUCE ? 0 : api.oldestVersion();
    }

    /** Lowest version actually served. */
    public static short minAccepted(ApiKeys api) {
        return api == ApiKeys.PRODUCE ? PRODUCE_MIN_ACCEPTED : api.oldestVersion();
    }

    public static boolean accepts(ApiKeys api, short version) {
        return isAdvertised(api) && version >= minAccepted(api) && version <= api.latestVersion();
    }

    /** The ApiVersions answer: the table, with {@code error} (NONE, or UNSUPPORTED_VERSION for a too-new request). */
    public static ApiVersionsResponseData response(Errors error) {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode(error.code());
        for (ApiKeys api : ADVERTISED) {
            data.apiKeys().add(new ApiVersionsResponseData.ApiVersion()
                .setApiKey(api.id)
                .setMinVersion(minAdvertised(api))
                .setMaxVersion(api.latestVersion()));
        }
        return data;
    }
}
