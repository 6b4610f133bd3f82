package dev.vltava.producer.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Unsigned JWTs ({@code alg: none}) as the broker's default (unsecured) OAUTHBEARER validator accepts them and Kafka's
 * client-side OIDC validator parses them: {@code sub}, {@code iat}, {@code exp} (seconds) and a {@code scope}.
 */
public final class UnsignedJwt {
    private UnsignedJwt() {
    }

    /** A token for {@code subject}, issued at {@code issuedAtMs}, valid for {@code lifetimeMs}. */
    public static String forSubject(String subject, long issuedAtMs, long lifetimeMs) {
        String header = "{\"alg\":\"none\"}";
        String claims = "{\"sub\":\"" + subject + "\",\"iat\":" + issuedAtMs / 1000 + ",\"exp\":"
                + (issuedAtMs + lifetimeMs) / 1000 + ",\"scope\":\"kafka\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
