package dev.vltava.producer.internal;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.OAuthBearerToken;
import dev.vltava.producer.OAuthBearerTokenProvider;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.SaslConfig;
import dev.vltava.producer.SaslCredentials;
import dev.vltava.producer.SaslCredentialsProvider;
import dev.vltava.producer.internal.security.sasl.CredentialSource;
import dev.vltava.producer.internal.security.sasl.JaasConfig;
import dev.vltava.producer.internal.security.sasl.OAuthBearerMechanism;
import dev.vltava.producer.internal.security.sasl.OAuthToken;
import dev.vltava.producer.internal.security.sasl.PlainMechanism;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.security.sasl.SaslMechanismException;
import dev.vltava.producer.internal.security.sasl.ScramMechanism;
import dev.vltava.producer.internal.security.sasl.TokenCache;
import dev.vltava.producer.internal.security.sasl.UnsecuredJws;
import dev.vltava.producer.internal.security.sasl.UserPassword;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the SASL mechanism of a producer from its {@code sasl.*} configuration: parses {@code sasl.jaas.config},
 * takes PLAIN or SCRAM credentials from it, and for OAUTHBEARER the configured {@link OAuthBearerTokenProvider} or,
 * without one, unsecured tokens from the JAAS line's {@code unsecuredLogin*} options. Every problem is a
 * {@link ConfigException} naming the key, never a secret.
 */
final class SaslSetup {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SaslSetup.class);

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
            case PlainMechanism.NAME:
                warnIfSet(sasl.loginCallbackHandler(), SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS, mechanism);
                return new PlainMechanism(credentialSource(config, sasl, jaas, mechanism));
            case "SCRAM-SHA-256":
            case "SCRAM-SHA-512":
                warnIfSet(sasl.loginCallbackHandler(), SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS, mechanism);
                return new ScramMechanism(ScramMechanism.Hash.forMechanism(mechanism),
                        credentialSource(config, sasl, jaas, mechanism));
            case OAuthBearerMechanism.NAME: {
                warnIfSet(sasl.clientCallbackHandler(), SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS, mechanism);
                OAuthBearerTokenProvider provider = tokenProvider(config, sasl, jaas);
                Callable<OAuthToken> source = provider != null ? tokens(provider) : unsecured(jaas);
                Runnable closeProvider = provider == null ? () -> { } : () -> closeLogged(provider::close, provider);
                return new OAuthBearerMechanism(new TokenCache(source,
                        new TokenCache.RefreshPolicy(sasl.refreshWindowFactor(), sasl.refreshWindowJitter(),
                                sasl.refreshMinPeriodMs(), sasl.refreshBufferMs()),
                        new TokenCache.RetryBackoff(sasl.retryBackoffMs(), sasl.retryBackoffMaxMs()),
                        System::currentTimeMillis, () -> ThreadLocalRandom.current().nextDouble()), closeProvider);
            }
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

    private static void warnIfSet(Object handler, String key, String mechanism) {
        if (handler != null) {
            LOG.warn("{} has no effect with sasl.mechanism={}; ignored", key, mechanism);
        }
    }

    /**
     * PLAIN/SCRAM credentials: from the {@link SaslCredentialsProvider} of sasl.client.callback.handler.class when
     * set (asked at each authentication), else the JAAS line's username and password.
     */
    private static CredentialSource credentialSource(ProducerConfig config, SaslConfig sasl, JaasConfig jaas,
            String mechanism) {
        SaslCredentialsProvider provider = sasl.newCredentialsProvider();
        if (provider == null) {
            String[] credentials = credentials(jaas, mechanism);
            return CredentialSource.fixed(credentials[0], credentials[1]);
        }
        if (!(sasl.clientCallbackHandler() instanceof SaslCredentialsProvider)) {
            Map<String, String> options = jaas == null ? Map.of() : jaas.options();
            try {
                provider.configure(config.originals(), mechanism, options); // created from a class name
            } catch (RuntimeException e) {
                closeQuietly(provider::close, e);
                throw new ConfigException(List.of(SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS), "configuring "
                        + provider.getClass().getName() + " (" + SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS
                        + ") failed: " + e, e);
            }
        }
        return new CredentialSource() {
            @Override
            public UserPassword get() throws SaslMechanismException {
                SaslCredentials c;
                try {
                    c = provider.credentials();
                } catch (Exception e) {
                    throw new SaslMechanismException(mechanism + ": the credentials provider "
                            + provider.getClass().getName() + " failed: " + e, e);
                }
                if (c == null) {
                    throw new SaslMechanismException(mechanism + ": the credentials provider "
                            + provider.getClass().getName() + " returned no credentials");
                }
                return new UserPassword(c.username(), c.password().value());
            }

            @Override
            public void close() {
                closeLogged(provider::close, provider);
            }
        };
    }

    private static void closeQuietly(AutoCloseable c, Throwable primary) {
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    private static void closeLogged(AutoCloseable c, Object what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed; ignored", what.getClass().getName(), e);
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

    /** The configured token provider (configured here when created from a class name), or null. */
    private static OAuthBearerTokenProvider tokenProvider(ProducerConfig config, SaslConfig sasl, JaasConfig jaas) {
        OAuthBearerTokenProvider provider = sasl.newTokenProvider();
        if (provider != null && !(sasl.loginCallbackHandler() instanceof OAuthBearerTokenProvider)) {
            try {
                provider.configure(config.originals(), jaas == null ? Map.of() : jaas.options());
            } catch (RuntimeException e) {
                closeQuietly(provider::close, e);
                throw new ConfigException(List.of(SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS), "configuring "
                        + provider.getClass().getName() + " (" + SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS
                        + ") failed: " + e, e);
            }
        }
        return provider;
    }

    private static Callable<OAuthToken> tokens(OAuthBearerTokenProvider provider) {
        return () -> {
            OAuthBearerToken t = provider.token();
            return t == null ? null : new OAuthToken(t.value(), t.startTimeMs(), t.expiresAtMs(), t.extensions());
        };
    }

    private static Callable<OAuthToken> unsecured(JaasConfig jaas) {
        UnsecuredJws unsecured;
        try {
            unsecured = new UnsecuredJws(jaas == null ? Map.of() : jaas.options(), System::currentTimeMillis);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(SaslConfig.SASL_JAAS_CONFIG), "sasl.mechanism=OAUTHBEARER without a "
                    + "token provider (sasl.login.callback.handler.class) uses unsecured tokens from "
                    + "sasl.jaas.config: " + e.getMessage());
        }
        return unsecured::issue;
    }
}
