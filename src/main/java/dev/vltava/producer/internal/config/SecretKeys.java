package dev.vltava.producer.internal.config;

import java.util.Set;

/**
 * Configuration keys whose values are secrets (Kafka declares them as passwords). A secret that came from a config
 * provider is held as a {@link dev.vltava.producer.Password}, so it does not show in {@code toString()} or logs.
 */
public final class SecretKeys {

    /** The producer's password-typed keys (from the settings table). */
    public static final Set<String> KEYS = Settings.secretKeys();

    private SecretKeys() {
    }

    /** True for a secret key, also with a prefix (listener-prefixed keys such as {@code listener.name.x.sasl.jaas.config}). */
    public static boolean isSecret(String key) {
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
