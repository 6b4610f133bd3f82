package dev.vltava.producer;

import static dev.vltava.producer.ProducerConfig.SECURITY_PROTOCOL_CONFIG;

import dev.vltava.producer.internal.config.ConfigValues;
import dev.vltava.producer.internal.config.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the producer reaches brokers: {@code security.protocol} and the settings of its two parts, TLS ({@link #ssl()},
 * the {@code ssl.*} keys) and SASL ({@link #sasl()}, the {@code sasl.*} keys). Part of {@link ProducerConfig}, read
 * through {@link ProducerConfig#security()}. Secret values are held as {@link Password}s.
 */
public final class SecurityConfig {

    /** {@code security.protocol}: whether connections use TLS, SASL, both or neither. */
    public enum Protocol {
        /** Neither TLS nor SASL. */
        PLAINTEXT(false, false),
        /** TLS, without SASL (the client may authenticate with a certificate). */
        SSL(true, false),
        /** SASL authentication over a connection without TLS. */
        SASL_PLAINTEXT(false, true),
        /** SASL authentication over TLS. */
        SASL_SSL(true, true);

        private final boolean tls;
        private final boolean sasl;

        Protocol(boolean tls, boolean sasl) {
            this.tls = tls;
            this.sasl = sasl;
        }

        /** {@return true if connections are wrapped in TLS.} */
        public boolean usesTls() {
            return tls;
        }

        /** {@return true if each connection authenticates with SASL before carrying requests.} */
        public boolean usesSasl() {
            return sasl;
        }
    }


    private final Protocol protocol;
    private final SslConfig ssl;
    private final SaslConfig sasl;

    SecurityConfig(ConfigValues v, Map<String, Object> effective) {
        protocol = protocol(v);
        effective.put(SECURITY_PROTOCOL_CONFIG, protocol.name());
        ssl = new SslConfig(v, effective, protocol.usesTls());
        sasl = new SaslConfig(v, effective);
        if (protocol.usesSasl()) {
            sasl.checkUsable();
        }
    }

    private static Protocol protocol(ConfigValues v) {
        String given = v.stringValue(Settings.get(SECURITY_PROTOCOL_CONFIG));
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(given.toUpperCase(Locale.ROOT)); // case-insensitive, as Kafka
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalidValue(SECURITY_PROTOCOL_CONFIG, given,
                    "must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        }
        return protocol;
    }

    /** {@return {@code security.protocol}.} */
    public Protocol protocol() {
        return protocol;
    }

    /** {@return the {@code ssl.*} settings (used when {@link Protocol#usesTls()}).} */
    public SslConfig ssl() {
        return ssl;
    }

    /** {@return the {@code sasl.*} settings (used when {@link Protocol#usesSasl()}).} */
    public SaslConfig sasl() {
        return sasl;
    }
}
