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
 * v3+: tagged fields (supported/finalized features, tags 0-3; skipped here)
 * </pre>
 *
 * <p><b>UNSUPPORTED_VERSION fallback.</b> A broker that does not know the requested ApiVersions version answers
 * with a <em>v0</em> body carrying error 35 (UNSUPPORTED_VERSION) and its own ApiVersions range, so the client can
 * retry at a version both sides know. Every version starts with the INT16 error code, so {@link #parse} peeks at
 * it: if it is 35 and the caller expected a version above 0, the body is decoded as v0 instead.
 */
public record ApiVersionsResponse(short errorCode, List<ApiVersionRange> apiKeys, int throttleTimeMs) {

    private static final short FIRST_WITH_THROTTLE = 1;

    /** The broker's version range for one API (by raw id, so APIs we do not implement are kept too). */
    public record ApiVersionRange(short apiKey, short minVersion, short maxVersion) {
    }

    public ApiVersionsResponse {
        apiKeys = List.copyOf(apiKeys);
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
        reader.skipTaggedFields();
        return new ApiVersionsResponse(errorCode, ranges, throttleTimeMs);
    }
}
