package dev.vltava.producer;

import java.util.Map;
import java.util.Set;

/** The {@code sasl.*} settings, with Kafka's keys and defaults. Part of {@link SecurityConfig}. */
public final class SaslConfig {

    /** Every {@code sasl.*} key parsed here. */
    static final Set<String> KEYS = Set.of();

    SaslConfig(ConfigValues v, Map<String, Object> effective) {
    }
}
