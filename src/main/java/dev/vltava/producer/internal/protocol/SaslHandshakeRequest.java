package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * SaslHandshake request (key 17), never flexible: {@code mechanism STRING}. v1 only changes what follows (SASL
 * tokens travel in SaslAuthenticate requests instead of raw frames).
 */
public record SaslHandshakeRequest(String mechanism) implements RequestBody {

    public SaslHandshakeRequest {
        Objects.requireNonNull(mechanism, "mechanism");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_HANDSHAKE;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.SASL_HANDSHAKE.checkImplemented(version);
        return Wire.sizeOfString(mechanism, false);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.SASL_HANDSHAKE.checkImplemented(version);
        Wire.writeString(buffer, mechanism, false);
    }
}
