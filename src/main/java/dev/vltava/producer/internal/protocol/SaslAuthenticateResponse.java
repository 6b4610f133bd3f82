package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * SaslAuthenticate response (key 36).
 *
 * <pre>
 * error_code INT16 | error_message NULLABLE_STRING | auth_bytes BYTES
 * v1+: session_lifetime_ms INT64   (0 before v1: no re-authentication deadline)
 * v2+: compact encodings, tagged fields
 * </pre>
 */
public record SaslAuthenticateResponse(short errorCode, String errorMessage, byte[] authBytes,
                                       long sessionLifetimeMs) {

    private static final short FIRST_WITH_SESSION_LIFETIME = 1;

    public SaslAuthenticateResponse {
        authBytes = authBytes.clone();
    }

    @Override
    public byte[] authBytes() {
        return authBytes.clone();
    }

    public static SaslAuthenticateResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.SASL_AUTHENTICATE, version);
        return reader.guard(() -> {
            short errorCode = reader.readInt16("error_code");
            String errorMessage = reader.readNullableString("error_message");
            byte[] authBytes = reader.readBytes("auth_bytes");
            long lifetimeMs = version >= FIRST_WITH_SESSION_LIFETIME ? reader.readInt64("session_lifetime_ms") : 0L;
            reader.skipTaggedFields();
            return new SaslAuthenticateResponse(errorCode, errorMessage, authBytes, lifetimeMs);
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SaslAuthenticateResponse that && errorCode == that.errorCode
                && sessionLifetimeMs == that.sessionLifetimeMs && Arrays.equals(authBytes, that.authBytes)
                && Objects.equals(errorMessage, that.errorMessage);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(errorCode, errorMessage, sessionLifetimeMs) + Arrays.hashCode(authBytes);
    }

    @Override
    public String toString() {
        return "SaslAuthenticateResponse[errorCode=" + errorCode + ", errorMessage=" + errorMessage + ", authBytes="
                + authBytes.length + " bytes, sessionLifetimeMs=" + sessionLifetimeMs + "]";
    }
}
