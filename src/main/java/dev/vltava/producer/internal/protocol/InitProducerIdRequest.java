package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * InitProducerId request (key 22).
 *
 * <pre>
 * transactional_id NULLABLE_STRING (compact v2+) | transaction_timeout_ms INT32
 * v3+: | producer_id INT64 | producer_epoch INT16      (-1/-1 = new producer; else resume or bump, KIP-360)
 * v2+: tagged fields
 * </pre>
 * An idempotent-only producer sends a null transactional id.
 */
public record InitProducerIdRequest(String transactionalId, int transactionTimeoutMs, long producerId,
                                    short producerEpoch) implements RequestBody {

    private static final short FIRST_WITH_PRODUCER_ID = 3;

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public int sizeInBytes(short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        int size = Wire.sizeOfString(transactionalId, flexible) + 4;
        if (version >= FIRST_WITH_PRODUCER_ID) {
            size += 8 + 2;
        }
        return size + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        Wire.writeString(buffer, transactionalId, flexible);
        buffer.putInt(transactionTimeoutMs);
        if (version >= FIRST_WITH_PRODUCER_ID) {
            buffer.putLong(producerId);
            buffer.putShort(producerEpoch);
        }
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    /** Before v3 the request cannot carry an existing producer id/epoch; dropping them would change its meaning. */
    private void checkExpressible(short version) {
        ApiKey.INIT_PRODUCER_ID.checkImplemented(version);
        if (version < FIRST_WITH_PRODUCER_ID && (producerId != -1 || producerEpoch != -1)) {
            throw new IllegalArgumentException("InitProducerId v" + version
                    + " cannot carry producerId/producerEpoch (needs v3+)");
        }
    }
}
