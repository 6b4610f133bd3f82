package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * EndTxn response (key 26).
 *
 * <pre>
 * throttle_time_ms INT32 | error_code INT16
 * v3+: tagged fields
 * v5+: producer_id INT64 | producer_epoch INT16 before the tagged fields: the id and epoch the producer uses for
 *      its next transaction (transactions v2, KIP-890, bumps the epoch at every commit or abort)
 * </pre>
 * Before v5 {@link #producerId()} and {@link #producerEpoch()} are -1 ({@link #NO_PRODUCER_ID},
 * {@link #NO_PRODUCER_EPOCH}): the response does not carry them.
 */
public record EndTxnResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch) {

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;

    private static final short FIRST_WITH_PRODUCER_ID = 5;

    public static EndTxnResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.END_TXN, version);
        return reader.guard(() -> {
            int throttleTimeMs = reader.readInt32("throttle_time_ms");
            short errorCode = reader.readInt16("error_code");
            long producerId = NO_PRODUCER_ID;
            short producerEpoch = NO_PRODUCER_EPOCH;
            if (version >= FIRST_WITH_PRODUCER_ID) {
                producerId = reader.readInt64("producer_id");
                producerEpoch = reader.readInt16("producer_epoch");
            }
            reader.skipTaggedFields();
            return new EndTxnResponse(throttleTimeMs, errorCode, producerId, producerEpoch);
        });
    }
}
