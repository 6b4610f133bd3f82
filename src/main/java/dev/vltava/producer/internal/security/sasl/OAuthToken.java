package dev.vltava.producer.internal.security.sasl;

import java.util.Map;
import java.util.Objects;

/**
 * A bearer token as the OAUTHBEARER mechanism needs it: the compact token, when it was issued and when it expires
 * (epoch milliseconds), and the SASL extensions to send with it. {@link #toString()} hides the token.
 */
public record OAuthToken(String value, long startTimeMs, long expiresAtMs, Map<String, String> extensions) {

    public OAuthToken {
        Objects.requireNonNull(value, "value");
        extensions = Map.copyOf(extensions);
    }

    @Override
    public String toString() {
        return "OAuthToken[value=[hidden], startTimeMs=" + startTimeMs + ", expiresAtMs=" + expiresAtMs
                + ", extensions=" + extensions.keySet() + "]";
    }
}
