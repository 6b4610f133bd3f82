package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * AddOffsetsToTxn request (key 25): tells the transaction coordinator that the transaction will commit offsets of
 * {@code groupId}, so the group's offsets partition takes part in the commit or abort. Transactions v1 only; in v2
 * (KIP-890) TxnOffsetCommit v5+ does this itself.
 *
 * <pre>
 * transactional_id STRING | producer_id INT64 | producer_epoch INT16 | group_id STRING
 * v3+: compact strings, tagged fields
 * </pre>
 */
public record AddOffsetsToTxnRequest(String transactionalId, long producerId, short producerEpoch, String groupId)
        implements RequestBody {

    public AddOffsetsToTxnRequest {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(groupId, "groupId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.ADD_OFFSETS_TO_TXN.checkImplemented(version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        return Wire.sizeOfString(transactionalId, flexible) + 8 + 2 + Wire.sizeOfString(groupId, flexible)
                + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.ADD_OFFSETS_TO_TXN.checkImplemented(version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        Wire.writeString(buffer, transactionalId, flexible);
        buffer.putLong(producerId);
        buffer.putShort(producerEpoch);
        Wire.writeString(buffer, groupId, flexible);
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }
}
