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

    /** Builds the table from the broker's ranges; the response's error code is not inspected here. */
    public ApiVersionsTable(ApiVersionsResponse response) {
        for (ApiVersionsResponse.ApiVersionRange range : response.apiKeys()) {
            ApiKey key = ApiKey.forId(range.apiKey());
            if (key != null) {
                brokerRanges.put(key, range);
            }
        }
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
