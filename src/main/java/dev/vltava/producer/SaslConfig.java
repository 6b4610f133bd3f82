package dev.vltava.producer;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sasl.*} settings, with Kafka's keys and defaults. Part of {@link SecurityConfig}; used when
 * {@code security.protocol} is SASL_PLAINTEXT or SASL_SSL.
 *
 * <p>With an effect: {@code sasl.mechanism} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER; Kafka's default GSSAPI
 * is refused while SASL is in use: Kerberos is not supported yet), {@code sasl.jaas.config} (credentials; parsed when
 * the producer starts), {@code sasl.login.callback.handler.class} (an {@link OAuthBearerTokenProvider} class, or an
 * instance of one, for OAUTHBEARER), {@code sasl.client.callback.handler.class} (a {@link SaslCredentialsProvider}
 * class or instance, for PLAIN and SCRAM), {@code sasl.login.refresh.window.factor}, {@code .window.jitter},
 * {@code .min.period.seconds} and {@code .buffer.seconds} (when an OAUTHBEARER token is replaced),
 * {@code sasl.login.retry.backoff.ms} and {@code .max.ms} (after a failed token fetch).
 *
 * <p>Accepted with Kafka's validation and defaults but without effect: {@code sasl.login.class} (Kafka's JAAS plumbing: credentials come from the JAAS line or the typed builder
 * options here), {@code sasl.login.connect.timeout.ms}, {@code sasl.login.read.timeout.ms},
 * and every {@code sasl.oauthbearer.*}
 * key (Kafka's built-in OIDC token retrieval: bring an {@link OAuthBearerTokenProvider} instead), and the
 * {@code sasl.kerberos.*} keys. {@code sasl.oauthbearer.jwt.retriever.class} and
 * {@code sasl.oauthbearer.jwt.validator.class} (whose defaults are Kafka classes) are not parsed: they are logged as
 * ignored.
 *
 * <p>Rejected with SASL in use (a {@link ConfigException} naming the key): {@code sasl.login.class} other than Kafka's
 * default logins, and the OIDC token retrieval keys ({@code sasl.oauthbearer.token.endpoint.url}, client credentials,
 * scope, assertion files and claims) with OAUTHBEARER but no {@code sasl.login.callback.handler.class} to use them.
 * The full list: docs/security.md, "Every sasl.* key".
 */
public final class SaslConfig {

    public static final String SASL_MECHANISM_CONFIG = "sasl.mechanism";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    public static final String SASL_LOGIN_CALLBACK_HANDLER_CLASS = "sasl.login.callback.handler.class";
    public static final String SASL_CLIENT_CALLBACK_HANDLER_CLASS = "sasl.client.callback.handler.class";
    public static final String SASL_LOGIN_CLASS = "sasl.login.class";
    public static final String SASL_LOGIN_REFRESH_WINDOW_FACTOR = "sasl.login.refresh.window.factor";
    public static final String SASL_LOGIN_REFRESH_WINDOW_JITTER = "sasl.login.refresh.window.jitter";
    public static final String SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS = "sasl.login.refresh.min.period.seconds";
    public static final String SASL_LOGIN_REFRESH_BUFFER_SECONDS = "sasl.login.refresh.buffer.seconds";
    public static final String SASL_LOGIN_RETRY_BACKOFF_MS = "sasl.login.retry.backoff.ms";
    public static final String SASL_LOGIN_RETRY_BACKOFF_MAX_MS = "sasl.login.retry.backoff.max.ms";

    /** Mechanisms Vltava implements, as the broker names them. */
    public static final List<String> SUPPORTED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512",
            "OAUTHBEARER");

    /** Kafka's keys accepted without effect, with their kind and default (see the class comment). */
    private enum Kind { STRING, INT, LONG, DOUBLE, BOOLEAN, LIST, PASSWORD, CLASS }

    private record Inert(String key, Kind kind, Object defaultValue) {
    }

    private static final List<Inert> INERT = List.of(
            new Inert(SASL_LOGIN_CLASS, Kind.CLASS, null),
            new Inert("sasl.login.connect.timeout.ms", Kind.INT, null),
            new Inert("sasl.login.read.timeout.ms", Kind.INT, null),
            new Inert("sasl.kerberos.kinit.cmd", Kind.STRING, "/usr/bin/kinit"),
            new Inert("sasl.kerberos.min.time.before.relogin", Kind.LONG, 60_000L),
            new Inert("sasl.kerberos.service.name", Kind.STRING, null),
            new Inert("sasl.kerberos.ticket.renew.jitter", Kind.DOUBLE, 0.05),
            new Inert("sasl.kerberos.ticket.renew.window.factor", Kind.DOUBLE, 0.8),
            new Inert("sasl.oauthbearer.allow.unverified.audience", Kind.BOOLEAN, false),
            new Inert("sasl.oauthbearer.allow.unverified.issuer", Kind.BOOLEAN, false),
            new Inert("sasl.oauthbearer.assertion.algorithm", Kind.STRING, "RS256"),
            new Inert("sasl.oauthbearer.assertion.claim.aud", Kind.STRING, null),
            new Inert("sasl.oauthbearer.assertion.claim.exp.seconds", Kind.INT, 300),
            new Inert("sasl.oauthbearer.assertion.claim.iss", Kind.STRING, null),
            new Inert("sasl.oauthbearer.assertion.claim.jti.include", Kind.BOOLEAN, false),
            new Inert("sasl.oauthbearer.assertion.claim.nbf.seconds", Kind.INT, 60),
            new Inert("sasl.oauthbearer.assertion.claim.sub", Kind.STRING, null),
            new Inert("sasl.oauthbearer.assertion.file", Kind.STRING, null),
            new Inert("sasl.oauthbearer.assertion.private.key.file", Kind.STRING, null),
            new Inert("sasl.oauthbearer.assertion.private.key.passphrase", Kind.PASSWORD, null),
            new Inert("sasl.oauthbearer.assertion.template.file", Kind.STRING, null),
            new Inert("sasl.oauthbearer.client.credentials.client.id", Kind.STRING, null),
            new Inert("sasl.oauthbearer.client.credentials.client.secret", Kind.PASSWORD, null),
            new Inert("sasl.oauthbearer.clock.skew.seconds", Kind.INT, 30),
            new Inert("sasl.oauthbearer.expected.audience", Kind.LIST, List.of()),
            new Inert("sasl.oauthbearer.expected.issuer", Kind.STRING, null),
            new Inert("sasl.oauthbearer.header.urlencode", Kind.BOOLEAN, false),
            new Inert("sasl.oauthbearer.jwks.endpoint.refresh.ms", Kind.LONG, 3_600_000L),
            new Inert("sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", Kind.LONG, 10_000L),
            new Inert("sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", Kind.LONG, 100L),
            new Inert("sasl.oauthbearer.jwks.endpoint.url", Kind.STRING, null),
            new Inert("sasl.oauthbearer.scope", Kind.STRING, null),
            new Inert("sasl.oauthbearer.scope.claim.name", Kind.STRING, "scope"),
            new Inert("sasl.oauthbearer.sub.claim.name", Kind.STRING, "sub"),
            new Inert("sasl.oauthbearer.token.endpoint.url", Kind.STRING, null));

    /** Every {@code sasl.*} key parsed here. */
    static final Set<String> KEYS = keys();

    private final String mechanism;
    private final Password jaasConfig;
    private final Object loginCallbackHandler;
    private final Object clientCallbackHandler;
    private final double refreshWindowFactor;
    private final double refreshWindowJitter;
    private final short refreshMinPeriodSeconds;
    private final short refreshBufferSeconds;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    /** The values of the keys without an effect here, for {@link #checkUsable}. */
    private final Map<String, Object> inertValues = new java.util.HashMap<>();

    SaslConfig(ConfigValues v, Map<String, Object> effective) {
        mechanism = put(effective, SASL_MECHANISM_CONFIG, v.stringValue(SASL_MECHANISM_CONFIG, "GSSAPI"));
        jaasConfig = put(effective, SASL_JAAS_CONFIG, v.passwordValue(SASL_JAAS_CONFIG));
        loginCallbackHandler = put(effective, SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                callbackHandler(v, SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAuthBearerTokenProvider.class));
        clientCallbackHandler = put(effective, SASL_CLIENT_CALLBACK_HANDLER_CLASS,
                callbackHandler(v, SASL_CLIENT_CALLBACK_HANDLER_CLASS, SaslCredentialsProvider.class));
        refreshWindowFactor = put(effective, SASL_LOGIN_REFRESH_WINDOW_FACTOR,
                v.doubleValue(SASL_LOGIN_REFRESH_WINDOW_FACTOR, 0.8, 0.5, 1.0));
        refreshWindowJitter = put(effective, SASL_LOGIN_REFRESH_WINDOW_JITTER,
                v.doubleValue(SASL_LOGIN_REFRESH_WINDOW_JITTER, 0.05, 0.0, 0.25));
        refreshMinPeriodSeconds = put(effective, SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS,
                (short) v.intValue(SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS, 60, 0, 900));
        refreshBufferSeconds = put(effective, SASL_LOGIN_REFRESH_BUFFER_SECONDS,
                (short) v.intValue(SASL_LOGIN_REFRESH_BUFFER_SECONDS, 300, 0, 3600));
        retryBackoffMs = put(effective, SASL_LOGIN_RETRY_BACKOFF_MS,
                v.longValue(SASL_LOGIN_RETRY_BACKOFF_MS, 100L, Long.MIN_VALUE, Long.MAX_VALUE));
        retryBackoffMaxMs = put(effective, SASL_LOGIN_RETRY_BACKOFF_MAX_MS,
                v.longValue(SASL_LOGIN_RETRY_BACKOFF_MAX_MS, 10_000L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (Inert i : INERT) {
            Object value = inert(v, i);
            effective.put(i.key(), value);
            if (value != null) {
                inertValues.put(i.key(), value);
            }
        }
    }

    /** Kafka's own JAAS Login classes (its defaults): naming one explicitly is the same as not setting the key. */
    private static final Set<String> KAFKA_DEFAULT_LOGINS = Set.of(
            "org.apache.kafka.common.security.authenticator.DefaultLogin",
            "org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerRefreshingLogin");

    /**
     * The keys with which Kafka's OIDC login callback handler fetches tokens (client credentials, JWT bearer
     * assertions). A login callback handler receives them; without one OAUTHBEARER sends unsecured tokens, so a
     * non-default value would mean behaviour Vltava does not have.
     */
    private static final List<String> TOKEN_RETRIEVAL_KEYS = List.of("sasl.oauthbearer.token.endpoint.url",
            "sasl.oauthbearer.client.credentials.client.id", "sasl.oauthbearer.client.credentials.client.secret",
            "sasl.oauthbearer.scope", "sasl.oauthbearer.assertion.file", "sasl.oauthbearer.assertion.private.key.file",
            "sasl.oauthbearer.assertion.private.key.passphrase", "sasl.oauthbearer.assertion.template.file",
            "sasl.oauthbearer.assertion.claim.aud", "sasl.oauthbearer.assertion.claim.iss",
            "sasl.oauthbearer.assertion.claim.sub");

    /** Rejects keys set to values whose behaviour Vltava does not have (see docs/security.md, "Every sasl.* key"). */
    private void checkNoUnsupportedValues() {
        Object login = inertValues.get(SASL_LOGIN_CLASS);
        if (login != null) {
            String name = login instanceof Class<?> c ? c.getName() : login.toString();
            if (!KAFKA_DEFAULT_LOGINS.contains(name)) {
                throw new ConfigException(List.of(SASL_LOGIN_CLASS), "sasl.login.class=" + name + " is not supported "
                        + "by Vltava (it runs no JAAS Login): credentials come from sasl.jaas.config, "
                        + "sasl.client.callback.handler.class (PLAIN/SCRAM) or sasl.login.callback.handler.class "
                        + "(OAUTHBEARER); remove the setting");
            }
        }
        if (mechanism.equals("OAUTHBEARER") && loginCallbackHandler == null) {
            for (String key : TOKEN_RETRIEVAL_KEYS) {
                if (inertValues.containsKey(key)) {
                    throw new ConfigException(List.of(key, SASL_LOGIN_CALLBACK_HANDLER_CLASS), key + " is set, but no "
                            + "sasl.login.callback.handler.class fetches tokens with it: it is not supported that way "
                            + "(without a handler OAUTHBEARER sends unsecured tokens from sasl.jaas.config). Set "
                            + "sasl.login.callback.handler.class: Kafka's OAuthBearerLoginCallbackHandler through "
                            + "the facade VltavaKafkaProducer, or an OAuthBearerTokenProvider");
                }
            }
        }
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(List.of(SASL_MECHANISM_CONFIG, SASL_JAAS_CONFIG,
                SASL_LOGIN_CALLBACK_HANDLER_CLASS, SASL_CLIENT_CALLBACK_HANDLER_CLASS, SASL_LOGIN_REFRESH_WINDOW_FACTOR, SASL_LOGIN_REFRESH_WINDOW_JITTER,
                SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS, SASL_LOGIN_REFRESH_BUFFER_SECONDS, SASL_LOGIN_RETRY_BACKOFF_MS,
                SASL_LOGIN_RETRY_BACKOFF_MAX_MS));
        for (Inert i : INERT) {
            keys.add(i.key());
        }
        return Set.copyOf(keys);
    }

    private static <T> T put(Map<String, Object> effective, String key, T value) {
        effective.put(key, value);
        return value;
    }

    private static Object callbackHandler(ConfigValues v, String key, Class<?> type) {
        Object raw = v.raw().get(key);
        if (type.isInstance(raw)) {
            return raw; // an instance (ProducerBuilder.oauthBearer): our extension of Kafka's class-only key
        }
        if (raw != null && !(raw instanceof Class<?>) && !(raw instanceof String)) {
            throw new ConfigException(List.of(key), key + ": a " + raw.getClass().getName() + " instance does not "
                    + "implement " + type.getName() + notOurs(raw.getClass(), key, type));
        }
        return v.classValue(key);
    }

    /** Kafka's own handler interface (by name: nothing here links to Kafka's classes). */
    private static final String KAFKA_CALLBACK_HANDLER =
            "org.apache.kafka.common.security.auth.AuthenticateCallbackHandler";

    /** The hint for a class that does not implement {@code type}: Kafka's handlers belong to the facade. */
    static String notOurs(Class<?> cls, String key, Class<?> type) {
        if (implementsByName(cls, KAFKA_CALLBACK_HANDLER)) {
            return "; it is a Kafka " + KAFKA_CALLBACK_HANDLER + ", which only the KafkaProducer facade "
                    + "dev.vltava.producer.compat.VltavaKafkaProducer adapts. With Producer.builder(), implement "
                    + type.getName() + " and name that class in " + key;
        }
        return "; name a class that implements " + type.getName();
    }

    private static boolean implementsByName(Class<?> cls, String interfaceName) {
        for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(interfaceName) || implementsByName(i, interfaceName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object inert(ConfigValues v, Inert i) {
        String key = i.key();
        return switch (i.kind()) {
            case STRING -> {
                String s = v.stringValue(key, (String) i.defaultValue());
                if (key.equals("sasl.oauthbearer.assertion.algorithm") && !s.equalsIgnoreCase("RS256")
                        && !s.equalsIgnoreCase("ES256")) {
                    throw ConfigException.invalidValue(key, s, "must be one of ES256, RS256");
                }
                yield s;
            }
            case INT -> v.isSet(key) ? (Object) v.intValue(key, 0, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    : i.defaultValue();
            case LONG -> v.longValue(key, (Long) i.defaultValue(), Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE -> v.doubleValue(key, (Double) i.defaultValue(), Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY);
            case BOOLEAN -> v.boolValue(key, (Boolean) i.defaultValue());
            case LIST -> v.listValue(key, List.of());
            case PASSWORD -> v.passwordValue(key);
            case CLASS -> v.classValue(key);
        };
    }

    /** {@code sasl.mechanism} as given (upper case is how brokers name mechanisms). */
    public String mechanism() {
        return mechanism;
    }

    /** {@code sasl.jaas.config}, or null. */
    public Password jaasConfig() {
        return jaasConfig;
    }

    /**
     * {@code sasl.login.callback.handler.class}: a {@link Class}, a class name, an {@link OAuthBearerTokenProvider}
     * instance, or null.
     */
    public Object loginCallbackHandler() {
        return loginCallbackHandler;
    }

    /**
     * The OAUTHBEARER token provider of {@code sasl.login.callback.handler.class}: the instance given, or a new
     * instance of the class named (not configured yet); null when the key is not set.
     */
    public OAuthBearerTokenProvider newTokenProvider() {
        return newHandler(loginCallbackHandler, OAuthBearerTokenProvider.class, SASL_LOGIN_CALLBACK_HANDLER_CLASS);
    }

    /**
     * {@code sasl.client.callback.handler.class}: a {@link Class}, a class name, a {@link SaslCredentialsProvider}
     * instance, or null.
     */
    public Object clientCallbackHandler() {
        return clientCallbackHandler;
    }

    /**
     * The PLAIN/SCRAM credentials provider of {@code sasl.client.callback.handler.class}: the instance given, or a
     * new instance of the class named (not configured yet); null when the key is not set.
     */
    public SaslCredentialsProvider newCredentialsProvider() {
        return newHandler(clientCallbackHandler, SaslCredentialsProvider.class, SASL_CLIENT_CALLBACK_HANDLER_CLASS);
    }

    private static <T> T newHandler(Object ref, Class<T> type, String key) {
        if (ref == null || type.isInstance(ref)) {
            return type.cast(ref);
        }
        if (ref instanceof Class<?> cls && !type.isAssignableFrom(cls)) {
            throw new ConfigException(List.of(key), "Class " + cls.getName() + " given in '" + key
                    + "' does not implement " + type.getName() + notOurs(cls, key, type));
        }
        if (ref instanceof String name) {
            Class<?> cls = Plugins.load(name, key);
            if (!type.isAssignableFrom(cls)) {
                throw new ConfigException(List.of(key), "Class " + cls.getName() + " given in '" + key
                        + "' does not implement " + type.getName() + notOurs(cls, key, type));
            }
            return Plugins.instantiate(cls, type, key);
        }
        return Plugins.instantiate(ref, type, key);
    }

    public double refreshWindowFactor() {
        return refreshWindowFactor;
    }

    public double refreshWindowJitter() {
        return refreshWindowJitter;
    }

    public long refreshMinPeriodMs() {
        return refreshMinPeriodSeconds * 1000L;
    }

    public long refreshBufferMs() {
        return refreshBufferSeconds * 1000L;
    }

    /** {@code sasl.login.retry.backoff.ms}: the wait after a failed OAUTHBEARER token fetch (doubling). */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** {@code sasl.login.retry.backoff.max.ms}: the longest wait between failed token fetches. */
    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    /**
     * Checks what can be checked without the engine, when SASL is in use: the mechanism is one Vltava implements.
     * The JAAS line is parsed when the producer starts.
     */
    void checkUsable() {
        if (mechanism.equals("GSSAPI")) {
            throw new ConfigException(List.of(SASL_MECHANISM_CONFIG), "sasl.mechanism=GSSAPI (Kerberos, Kafka's "
                    + "default) is not supported by Vltava yet; set sasl.mechanism to one of " + SUPPORTED_MECHANISMS);
        }
        if (!SUPPORTED_MECHANISMS.contains(mechanism)) {
            String hint = SUPPORTED_MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT))
                    ? " (mechanism names are case-sensitive: " + mechanism.toUpperCase(Locale.ROOT) + ")" : "";
            throw ConfigException.invalidValue(SASL_MECHANISM_CONFIG, mechanism, "must be one of "
                    + SUPPORTED_MECHANISMS + hint);
        }
        boolean hasProvider = mechanism.equals("OAUTHBEARER") ? loginCallbackHandler != null
                : clientCallbackHandler != null;
        if (jaasConfig == null && !hasProvider) {
            throw new ConfigException(List.of(SASL_JAAS_CONFIG), "sasl.mechanism=" + mechanism + " needs "
                    + "credentials: set sasl.jaas.config (or use ProducerBuilder.saslPlain / saslScram / oauthBearer, or a "
                    + (mechanism.equals("OAUTHBEARER") ? "token provider in sasl.login.callback.handler.class"
                            : "credentials provider in sasl.client.callback.handler.class") + ")");
        }
        checkNoUnsupportedValues();
    }
}
