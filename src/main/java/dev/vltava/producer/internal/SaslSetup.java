package dev.vltava.producer.internal;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.OAuthBearerToken;
import dev.vltava.producer.OAuthBearerTokenProvider;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.SaslConfig;
import dev.vltava.producer.internal.security.sasl.JaasConfig;
import dev.vltava.producer.internal.security.sasl.OAuthBearerMechanism;
import dev.vltava.producer.internal.security.sasl.OAuthToken;
import dev.vltava.producer.internal.security.sasl.PlainMechanism;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.security.sasl.ScramMechanism;
import dev.vltava.producer.internal.security.sasl.TokenCache;
import dev.vltava.producer.internal.security.sasl.UnsecuredJws;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the SASL mechanism of a producer from its {@code sasl.*} configuration: parses {@code sasl.jaas.config},
 * takes PLAIN or SCRAM credentials from it, and for OAUTHBEARER the configured {@link OAuthBearerTokenProvider} or,
 * without one, unsecured tokens from the JAAS line's {@code unsecuredLogin*} options. Every problem is a
 * {@link ConfigException} naming the key, never a secret.
 */
final class SaslSetup {

    private SaslSetup() {
    }

    /** The mechanism to authenticate every connection with, or null when security.protocol uses no SASL. */
    static SaslClientFactory from(ProducerConfig config) {
        if (!config.security().protocol().usesSasl()) {
            return null;
        }
        SaslConfig sasl = config.security().sasl();
        String mechanism = sasl.mechanism();
        JaasConfig jaas = sasl.jaasConfig() == null ? null : parse(sasl.jaasConfig().value());
        switch (mechanism) {
            case PlainMechanism.NAME: {
                String[] credentials = credentials(jaas, mechanism);
                return new PlainMechanism(credentials[0], credentials[1]);
            }
            case "SCRAM-SHA-256":
            case "SCRAM-SHA-512": {
                String[] credentials = credentials(jaas, mechanism);
                return new ScramMechanism(ScramMechanism.Hash.forMechanism(mechanism), credentials[0],
                        credentials[1]);
            }
            case OAuthBearerMechanism.NAME:
                return new OAuthBearerMechanism(new TokenCache(tokenSource(config, sasl, jaas),
                        new TokenCache.RefreshPolicy(sasl.refreshWindowFactor(), sasl.refreshWindowJitter(),
                                sasl.refreshMinPeriodMs(), sasl.refreshBufferMs()),
                        System::currentTimeMillis, () -> ThreadLocalRandom.current().nextDouble()));
            default:
                throw new ConfigException(List.of(SaslConfig.SASL_MECHANISM_CONFIG), "sasl.mechanism=" + mechanism
                        + " is not supported; use one of " + SaslConfig.SUPPORTED_MECHANISMS);
        }
    }

    private static JaasConfig parse(String line) {
        try {
            return JaasConfig.parse(line);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(SaslConfig.SASL_JAAS_CONFIG), "sasl.jaas.config: " + e.getMessage());
        }
    }

    private static String[] credentials(JaasConfig jaas, String mechanism) {
        if (jaas == null) {
            throw new ConfigException(List.of(SaslConfig.SASL_JAAS_CONFIG), "sasl.mechanism=" + mechanism
                    + " needs sasl.jaas.config with username and password");
        }
        String username = jaas.option("username");
        String password = jaas.option("password");
        if (username == null || password == null) {
            throw new ConfigException(List.of(SaslConfig.SASL_JAAS_CONFIG), "sasl.jaas.config for " + mechanism
                    + " must set both username and password (it has the options " + jaas.options().keySet() + ")");
        }
        return new String[] {username, password};
    }

    private static java.util.concurrent.Callable<OAuthToken> tokenSource(ProducerConfig config, SaslConfig sasl,
            JaasConfig jaas) {
        Map<String, String> options = jaas == null ? Map.of() : jaas.options();
        OAuthBearerTokenProvider provider = sasl.newTokenProvider();
        if (provider != null) {
            if (!(sasl.loginCallbackHandler() instanceof OAuthBearerTokenProvider)) {
                provider.configure(config.originals(), options); // created from a class name: configure it
            }
            return () -> {
                OAuthBearerToken t = provider.token();
                return t == null ? null : new OAuthToken(t.value(), t.startTimeMs(), t.expiresAtMs(), t.extensions());
            };
        }
        UnsecuredJws unsecured;
        try {
            unsecured = new UnsecuredJws(options, System::currentTimeMillis);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(SaslConfig.SASL_JAAS_CONFIG), "sasl.mechanism=OAUTHBEARER without a "
                    + "token provider (sasl.login.callback.handler.class) uses unsecured tokens from "
                    + "sasl.jaas.config: " + e.getMessage());
        }
        return unsecured::issue;
    }
}
