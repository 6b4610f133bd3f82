package dev.vltava.producer;

import java.util.Set;

/**
 * Configuration keys whose values are secrets (Kafka declares them as passwords). A secret that came from a config
 * provider is held as a {@link Password}, so it does not show in {@code toString()} or logs.
 */
final class SecretKeys {

    /** The producer's password-typed keys in kafka-clients 4.4 (names only: a fact about Kafka's API). */
    static final Set<String> KEYS = Set.of("ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
            "ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates", "sasl.jaas.config",
            "sasl.oauthbearer.client.credentials.client.secret", "sasl.oauthbearer.assertion.private.key.passphrase");

    private SecretKeys() {
    }

    /** True for a secret key, also with a prefix (listener-prefixed keys such as {@code listener.name.x.sasl.jaas.config}). */
    static boolean isSecret(String key) {
        if (KEYS.contains(key) || key.endsWith(".password")) {
            return true;
        }
        for (String k : KEYS) {
            if (key.endsWith("." + k)) {
                return true;
            }
        }
        return false;
    }
}
