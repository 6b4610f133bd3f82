package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * InitProducerId response (key 22), v0-v5:
 * {@code throttle_time_ms INT32 | error_code INT16 | producer_id INT64 | producer_epoch INT16 | tagged (v2+)}.
 */
public record InitProducerIdResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch) {

    public static InitProducerIdResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.INIT_PRODUCER_ID, version);
        return reader.guard(() -> {
            InitProducerIdResponse response = new InitProducerIdResponse(reader.readInt32("throttle_time_ms"),
                    reader.readInt16("error_code"), reader.readInt64("producer_id"),
                    reader.readInt16("producer_epoch"));
            reader.skipTaggedFields();
            return response;
        });
    }
}
