package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * ApiVersions request (key 18). v0-v2 have an empty body; v3+ (flexible) name the client software (KIP-511); v5
 * may name the cluster and node the client means to reach, which a broker can check ({@code null}/-1 = unknown).
 *
 * <pre>
 * v3+: client_software_name COMPACT_STRING | client_software_version COMPACT_STRING
 * v5+:   | cluster_id COMPACT_NULLABLE_STRING | node_id INT32
 * v3+: tagged fields
 * </pre>
 */
public record ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion, String clusterId, int nodeId)
        implements RequestBody {

    private static final short FIRST_WITH_SOFTWARE = 3;
    private static final short FIRST_WITH_TARGET = 5;

    public ApiVersionsRequest {
        Objects.requireNonNull(clientSoftwareName, "clientSoftwareName");
        Objects.requireNonNull(clientSoftwareVersion, "clientSoftwareVersion");
    }

    /** A request that does not name a target cluster or node. */
    public ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion) {
        this(clientSoftwareName, clientSoftwareVersion, null, -1);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.API_VERSIONS.checkImplemented(version);
        if (version < FIRST_WITH_SOFTWARE) {
            return 0;
        }
        int size = Wire.sizeOfString(clientSoftwareName, true) + Wire.sizeOfString(clientSoftwareVersion, true);
        if (version >= FIRST_WITH_TARGET) {
            size += Wire.sizeOfString(clusterId, true) + 4;
        }
        return size + Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES;
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.API_VERSIONS.checkImplemented(version);
        if (version < FIRST_WITH_SOFTWARE) {
            return;
        }
        Wire.writeString(buffer, clientSoftwareName, true);
        Wire.writeString(buffer, clientSoftwareVersion, true);
        if (version >= FIRST_WITH_TARGET) {
            Wire.writeString(buffer, clusterId, true);
            buffer.putInt(nodeId);
        }
        Wire.writeEmptyTaggedFields(buffer);
    }
}
