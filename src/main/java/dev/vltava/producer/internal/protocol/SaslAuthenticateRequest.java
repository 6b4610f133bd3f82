package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * SaslAuthenticate request (key 36): {@code auth_bytes BYTES} (v0-v1) or {@code COMPACT_BYTES} + tagged fields (v2).
 * The token is copied on the way in and out so the record stays immutable.
 */
public record SaslAuthenticateRequest(byte[] authBytes) implements RequestBody {

    public SaslAuthenticateRequest {
        authBytes = Objects.requireNonNull(authBytes, "authBytes").clone();
    }

    @Override
    public byte[] authBytes() {
        return authBytes.clone();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_AUTHENTICATE;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.SASL_AUTHENTICATE.checkImplemented(version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        return Wire.sizeOfBytes(authBytes, flexible) + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.SASL_AUTHENTICATE.checkImplemented(version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        Wire.writeBytes(buffer, authBytes, flexible);
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SaslAuthenticateRequest that && Arrays.equals(authBytes, that.authBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(authBytes);
    }

    @Override
    public String toString() {
        return "SaslAuthenticateRequest[authBytes=" + authBytes.length + " bytes]";
    }
}
