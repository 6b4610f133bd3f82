package dev.vltava.producer.internal.protocol;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one broker and this client can both speak, from the broker's ApiVersions response. Immutable.
 *
 * <p>The usable version of an API is the highest version inside both ranges:
 * {@code min(ourMax, brokerMax)}, provided it is at least {@code max(ourMin, brokerMin)}.
 */
public final class ApiVersionsTable {

    private final Map<ApiKey, ApiVersionsResponse.ApiVersionRange> brokerRanges = new EnumMap<>(ApiKey.class);
    private final long finalizedFeaturesEpoch;
    private final short transactionVersion;

    /** Builds the table from the broker's ranges; the response's error code is not inspected here. */
    public ApiVersionsTable(ApiVersionsResponse response) {
        for (ApiVersionsResponse.ApiVersionRange range : response.apiKeys()) {
            ApiKey key = ApiKey.forId(range.apiKey());
            if (key != null) {
                brokerRanges.put(key, range);
            }
        }
        finalizedFeaturesEpoch = response.finalizedFeaturesEpoch();
        transactionVersion = response.finalizedLevel(ApiVersionsResponse.TRANSACTION_VERSION_FEATURE);
    }

    /**
     * The cluster's finalized {@code transaction.version} as this broker reported it: 0 or 1 = transactions v1,
     * 2 or more = transactions v2 (KIP-890). 0 if the broker sent no (valid) feature information.
     */
    public short finalizedTransactionVersion() {
        return transactionVersion;
    }

    /**
     * The epoch of the feature information this table was built from ({@link
     * ApiVersionsResponse#UNKNOWN_FEATURES_EPOCH} if none); features only move forward, so when brokers disagree the
     * information with the higher epoch is the newer one.
     */
    public long finalizedFeaturesEpoch() {
        return finalizedFeaturesEpoch;
    }

    /** The broker's advertised range for {@code key}, or {@code null} if it did not list the API. */
    public ApiVersionsResponse.ApiVersionRange brokerRange(ApiKey key) {
        return brokerRanges.get(key);
    }

    public boolean supports(ApiKey key) {
        ApiVersionsResponse.ApiVersionRange range = brokerRanges.get(key);
        return range != null && highestCommon(key, range) >= lowestCommon(key, range);
    }

    /**
     * The highest version both sides support and not above {@code highestWanted}; for callers that must not use
     * newer versions whose meaning differs (Produce v12+, EndTxn v5 and TxnOffsetCommit v5+ in a transactions-v1
     * transaction).
     *
     * @throws UnsupportedVersionException if there is no such version
     */
    public short usableVersion(ApiKey key, short highestWanted) {
        short usable = usableVersion(key);
        if (usable <= highestWanted) {
            return usable;
        }
        ApiVersionsResponse.ApiVersionRange range = brokerRanges.get(key);
        if (highestWanted < lowestCommon(key, range)) {
            throw new UnsupportedVersionException("no " + key.apiName() + " version at or below v" + highestWanted
                    + ": broker supports v" + range.minVersion() + "..v" + range.maxVersion() + ", we support v"
                    + key.minVersion() + "..v" + key.maxVersion());
        }
        return highestWanted;
    }

    /**
     * The highest version both sides support.
     *
     * @throws UnsupportedVersionException naming the API and both ranges if there is none
     */
    public short usableVersion(ApiKey key) {
        ApiVersionsResponse.ApiVersionRange range = brokerRanges.get(key);
        if (range == null) {
            throw new UnsupportedVersionException("broker does not support " + key.apiName() + " at all; we support v"
                    + key.minVersion() + "..v" + key.maxVersion());
        }
        short highest = highestCommon(key, range);
        if (highest < lowestCommon(key, range)) {
            throw new UnsupportedVersionException("no common " + key.apiName() + " version: broker supports v"
                    + range.minVersion() + "..v" + range.maxVersion() + ", we support v" + key.minVersion() + "..v"
                    + key.maxVersion());
        }
        return highest;
    }

    private static short highestCommon(ApiKey key, ApiVersionsResponse.ApiVersionRange range) {
        return (short) Math.min(key.maxVersion(), range.maxVersion());
    }

    private static short lowestCommon(ApiKey key, ApiVersionsResponse.ApiVersionRange range) {
        return (short) Math.max(key.minVersion(), range.minVersion());
    }

    @Override
    public String toString() {
        return "ApiVersionsTable" + brokerRanges;
    }
}
