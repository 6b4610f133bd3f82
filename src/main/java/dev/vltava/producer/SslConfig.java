package dev.vltava.producer;

import java.util.Map;
import java.util.Set;

/** The {@code ssl.*} settings, with Kafka's keys and defaults. Part of {@link SecurityConfig}. */
public final class SslConfig {

    /** Every {@code ssl.*} key parsed here. */
    static final Set<String> KEYS = Set.of();

    SslConfig(ConfigValues v, Map<String, Object> effective) {
    }
}
