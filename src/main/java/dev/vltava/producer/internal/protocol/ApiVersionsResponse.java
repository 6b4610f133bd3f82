package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * ApiVersions response (key 18).
 *
 * <pre>
 * error_code INT16 | api_keys ARRAY of { api_key INT16 | min_version INT16 | max_version INT16 | tagged (v3+) }
 * v1+: throttle_time_ms INT32
 * v3+: tagged fields: 0 supported_features (skipped), 1 finalized_features_epoch INT64 (-1 = unknown),
 *      2 finalized_features COMPACT_ARRAY of { name COMPACT_STRING | max_version_level INT16
 *      | min_version_level INT16 | tagged }, 3 zk_migration_ready (skipped)
 * </pre>
 *
 * <p><b>Finalized features</b> are the cluster-wide feature levels the controller has enabled, such as
 * {@value #TRANSACTION_VERSION_FEATURE} (2 or more = transactions v2, KIP-890). They are valid only when the
 * epoch is at least 0; {@link #finalizedLevel} applies that rule.
 *
 * <p><b>UNSUPPORTED_VERSION fallback.</b> A broker that does not know the requested ApiVersions version answers
 * with a <em>v0</em> body carrying error 35 (UNSUPPORTED_VERSION) and its own ApiVersions range, so the client can
 * retry at a version both sides know. Every version starts with the INT16 error code, so {@link #parse} peeks at
 * it: if it is 35 and the caller expected a version above 0, the body is decoded as v0 instead.
 */
public record ApiVersionsResponse(short errorCode, List<ApiVersionRange> apiKeys, int throttleTimeMs,
                                  long finalizedFeaturesEpoch, List<FinalizedFeature> finalizedFeatures) {

    /** The feature whose finalized level selects the transaction protocol (2+ = transactions v2, KIP-890). */
    public static final String TRANSACTION_VERSION_FEATURE = "transaction.version";
    /** {@link #finalizedFeaturesEpoch()} when the broker did not say (pre-v3, or not yet known to it). */
    public static final long UNKNOWN_FEATURES_EPOCH = -1L;

    private static final short FIRST_WITH_THROTTLE = 1;
    private static final int FINALIZED_FEATURES_EPOCH_TAG = 1;
    private static final int FINALIZED_FEATURES_TAG = 2;
    /** name(1) + max(2) + min(2) + tagged(1). */
    private static final int MIN_FEATURE_BYTES = 6;

    /** The broker's version range for one API (by raw id, so APIs we do not implement are kept too). */
    public record ApiVersionRange(short apiKey, short minVersion, short maxVersion) {
    }

    /** One cluster-wide finalized feature and its enabled level range. */
    public record FinalizedFeature(String name, short minVersionLevel, short maxVersionLevel) {
    }

    public ApiVersionsResponse {
        apiKeys = List.copyOf(apiKeys);
        finalizedFeatures = List.copyOf(finalizedFeatures);
    }

    /** A response without feature information. */
    public ApiVersionsResponse(short errorCode, List<ApiVersionRange> apiKeys, int throttleTimeMs) {
        this(errorCode, apiKeys, throttleTimeMs, UNKNOWN_FEATURES_EPOCH, List.of());
    }

    /**
     * The finalized (maximum enabled) level of {@code feature}, or 0 if the feature is not finalized, the broker
     * sent no feature information, or the information is not valid (epoch below 0). Level 0 means "off".
     */
    public short finalizedLevel(String feature) {
        if (finalizedFeaturesEpoch < 0) {
            return 0;
        }
        for (FinalizedFeature finalized : finalizedFeatures) {
            if (finalized.name().equals(feature)) {
                return finalized.maxVersionLevel();
            }
        }
        return 0;
    }

    /** The broker's range for {@code key}, or {@code null} if the broker did not list it. */
    public ApiVersionRange rangeFor(ApiKey key) {
        for (ApiVersionRange range : apiKeys) {
            if (range.apiKey() == key.id()) {
                return range;
            }
        }
        return null;
    }

    public static ApiVersionsResponse parse(ByteBuffer body, short version) {
        short effectiveVersion = version;
        if (version > 0 && body.remaining() >= 2
                && body.getShort(body.position()) == ErrorCode.UNSUPPORTED_VERSION.code()) {
            effectiveVersion = 0;
        }
        WireReader reader = WireReader.forResponse(body, ApiKey.API_VERSIONS, effectiveVersion);
        short decodedVersion = effectiveVersion;
        return reader.guard(() -> read(reader, decodedVersion));
    }

    private static ApiVersionsResponse read(WireReader reader, short version) {
        short errorCode = reader.readInt16("error_code");
        int count = reader.readArrayLength("api_keys", 6);
        List<ApiVersionRange> ranges = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("api_keys", i);
            ranges.add(new ApiVersionRange(reader.readInt16("api_key"), reader.readInt16("min_version"),
                    reader.readInt16("max_version")));
            reader.skipTaggedFields();
            reader.exit();
        }
        int throttleTimeMs = version >= FIRST_WITH_THROTTLE ? reader.readInt32("throttle_time_ms") : 0;
        long featuresEpoch = UNKNOWN_FEATURES_EPOCH;
        List<FinalizedFeature> finalized = List.of();
        if (reader.flexible()) {
            int tagCount = reader.readTaggedFieldCount();
            for (int i = 0; i < tagCount; i++) {
                int tag = reader.readTag();
                reader.enterTaggedField();
                if (tag == FINALIZED_FEATURES_EPOCH_TAG) {
                    featuresEpoch = reader.readInt64("finalized_features_epoch");
                } else if (tag == FINALIZED_FEATURES_TAG) {
                    finalized = readFinalizedFeatures(reader);
                }
                reader.exitTaggedField();
            }
        }
        return new ApiVersionsResponse(errorCode, ranges, throttleTimeMs, featuresEpoch, finalized);
    }

    private static List<FinalizedFeature> readFinalizedFeatures(WireReader reader) {
        int count = reader.readArrayLength("finalized_features", MIN_FEATURE_BYTES);
        List<FinalizedFeature> features = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("finalized_features", i);
            String name = reader.readString("name");
            short maxLevel = reader.readInt16("max_version_level");
            short minLevel = reader.readInt16("min_version_level");
            features.add(new FinalizedFeature(name, minLevel, maxLevel));
            reader.skipTaggedFields();
            reader.exit();
        }
        return features;
    }
}
