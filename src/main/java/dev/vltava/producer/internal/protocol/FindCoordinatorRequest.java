package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * FindCoordinator request (key 10) for one key. Key types: 0 group, 1 transaction, 2 share.
 *
 * <pre>
 * v0:    key STRING
 * v1-2:  key STRING | key_type INT8
 * v3:    key COMPACT_STRING | key_type INT8 | tagged fields
 * v4+:   key_type INT8 | coordinator_keys COMPACT_ARRAY of COMPACT_STRING (we send one) | tagged fields
 * </pre>
 */
public record FindCoordinatorRequest(String key, byte keyType) implements RequestBody {

    public static final byte KEY_TYPE_GROUP = 0;
    public static final byte KEY_TYPE_TRANSACTION = 1;

    private static final short FIRST_WITH_KEY_TYPE = 1;
    private static final short FIRST_BATCHED = 4;

    public FindCoordinatorRequest {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public int sizeInBytes(short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        int size = Wire.sizeOfString(key, flexible);
        if (version >= FIRST_WITH_KEY_TYPE) {
            size += 1;
        }
        if (version >= FIRST_BATCHED) {
            size += Wire.sizeOfArrayLength(1, true);
        }
        return size + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        if (version >= FIRST_BATCHED) {
            buffer.put(keyType);
            Wire.writeArrayLength(buffer, 1, true);
            Wire.writeString(buffer, key, true);
        } else {
            Wire.writeString(buffer, key, flexible);
            if (version >= FIRST_WITH_KEY_TYPE) {
                buffer.put(keyType);
            }
        }
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    private void checkExpressible(short version) {
        ApiKey.FIND_COORDINATOR.checkImplemented(version);
        if (version < FIRST_WITH_KEY_TYPE && keyType != KEY_TYPE_GROUP) {
            throw new IllegalArgumentException("FindCoordinator v0 can only look up group coordinators");
        }
    }
}
