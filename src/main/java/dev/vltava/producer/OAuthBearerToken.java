package dev.vltava.producer;

import java.util.Map;
import java.util.Objects;

/**
 * A bearer token for SASL OAUTHBEARER, as an {@link OAuthBearerTokenProvider} returns it: the compact token (a JWS
 * usually), when it was issued and when it expires (epoch milliseconds), and SASL extensions to send beside it
 * (RFC 7628 key/value pairs; empty for most brokers). {@link #toString()} never shows the token.
 */
public final class OAuthBearerToken {
    private final String value;
    private final long startTimeMs;
    private final long expiresAtMs;
    private final Map<String, String> extensions;

    /**
     * Creates a token.
     *
     * @param value the compact token, not empty
     * @param startTimeMs when it became valid, epoch milliseconds
     * @param expiresAtMs when it expires, epoch milliseconds; after {@code startTimeMs}
     * @param extensions SASL extensions to send with it (copied; may be empty)
     * @throws IllegalArgumentException if the token is empty or expires before it starts
     */
    public OAuthBearerToken(String value, long startTimeMs, long expiresAtMs, Map<String, String> extensions) {
        this.value = Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the token must not be empty");
        }
        if (expiresAtMs <= startTimeMs) {
            throw new IllegalArgumentException("the token must expire after it starts");
        }
        this.startTimeMs = startTimeMs;
        this.expiresAtMs = expiresAtMs;
        this.extensions = Map.copyOf(extensions);
    }

    /**
     * A token valid from now until {@code expiresAtMs}, without extensions.
     *
     * @param value the compact token, not empty
     * @param expiresAtMs when it expires, epoch milliseconds
     * @return the token
     */
    public static OAuthBearerToken of(String value, long expiresAtMs) {
        return new OAuthBearerToken(value, System.currentTimeMillis(), expiresAtMs, Map.of());
    }

    /** {@return the token itself; never log it} */
    public String value() {
        return value;
    }

    /** {@return when the token became valid, epoch milliseconds} */
    public long startTimeMs() {
        return startTimeMs;
    }

    /** {@return when the token expires, epoch milliseconds} */
    public long expiresAtMs() {
        return expiresAtMs;
    }

    /** {@return the SASL extensions sent with the token (unmodifiable, often empty)} */
    public Map<String, String> extensions() {
        return extensions;
    }

    @Override
    public String toString() {
        return "OAuthBearerToken[value=" + Password.HIDDEN + ", startTimeMs=" + startTimeMs + ", expiresAtMs="
                + expiresAtMs + ", extensions=" + extensions.keySet() + "]";
    }
}
