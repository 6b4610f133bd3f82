package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * AddOffsetsToTxn response (key 25), v0-v4:
 * {@code throttle_time_ms INT32 | error_code INT16 | tagged (v3+)}.
 */
public record AddOffsetsToTxnResponse(int throttleTimeMs, short errorCode) {

    public static AddOffsetsToTxnResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.ADD_OFFSETS_TO_TXN, version);
        return reader.guard(() -> {
            AddOffsetsToTxnResponse response = new AddOffsetsToTxnResponse(reader.readInt32("throttle_time_ms"),
                    reader.readInt16("error_code"));
            reader.skipTaggedFields();
            return response;
        });
    }
}
