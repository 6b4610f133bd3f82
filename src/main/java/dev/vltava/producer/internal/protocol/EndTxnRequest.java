package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * EndTxn request (key 26): commit ({@code committed = true}) or abort the open transaction. Sent to the
 * transaction coordinator.
 *
 * <pre>
 * transactional_id STRING | producer_id INT64 | producer_epoch INT16 | committed BOOLEAN
 * v3+: compact string, tagged fields
 * </pre>
 * v5 has the same frame; it is the transactions-v2 form (KIP-890), whose response carries the bumped epoch, so a
 * producer in a transactions-v1 transaction must not send it.
 */
public record EndTxnRequest(String transactionalId, long producerId, short producerEpoch, boolean committed)
        implements RequestBody {

    public EndTxnRequest {
        Objects.requireNonNull(transactionalId, "transactionalId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.END_TXN.checkImplemented(version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        return Wire.sizeOfString(transactionalId, flexible) + 8 + 2 + 1
                + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.END_TXN.checkImplemented(version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        Wire.writeString(buffer, transactionalId, flexible);
        buffer.putLong(producerId);
        buffer.putShort(producerEpoch);
        buffer.put((byte) (committed ? 1 : 0));
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }
}
