package dev.vltava.producer;

import dev.vltava.producer.internal.config.ConfigValues;
import dev.vltava.producer.internal.config.SettingDef;
import dev.vltava.producer.internal.config.Settings;
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

    /** The {@code sasl.mechanism} key. */
    public static final String SASL_MECHANISM_CONFIG = "sasl.mechanism";
    /** The {@code sasl.jaas.config} key. */
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    /** The {@code sasl.login.callback.handler.class} key. */
    public static final String SASL_LOGIN_CALLBACK_HANDLER_CLASS = "sasl.login.callback.handler.class";
    /** The {@code sasl.client.callback.handler.class} key. */
    public static final String SASL_CLIENT_CALLBACK_HANDLER_CLASS = "sasl.client.callback.handler.class";
    /** The {@code sasl.login.class} key. */
    public static final String SASL_LOGIN_CLASS = "sasl.login.class";
    /** The {@code sasl.login.refresh.window.factor} key. */
    public static final String SASL_LOGIN_REFRESH_WINDOW_FACTOR = "sasl.login.refresh.window.factor";
    /** The {@code sasl.login.refresh.window.jitter} key. */
    public static final String SASL_LOGIN_REFRESH_WINDOW_JITTER = "sasl.login.refresh.window.jitter";
    /** The {@code sasl.login.refresh.min.period.seconds} key. */
    public static final String SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS = "sasl.login.refresh.min.period.seconds";
    /** The {@code sasl.login.refresh.buffer.seconds} key. */
    public static final String SASL_LOGIN_REFRESH_BUFFER_SECONDS = "sasl.login.refresh.buffer.seconds";
    /** The {@code sasl.login.retry.backoff.ms} key. */
    public static final String SASL_LOGIN_RETRY_BACKOFF_MS = "sasl.login.retry.backoff.ms";
    /** The {@code sasl.login.retry.backoff.max.ms} key. */
    public static final String SASL_LOGIN_RETRY_BACKOFF_MAX_MS = "sasl.login.retry.backoff.max.ms";

    /** Mechanisms Vltava implements, as the broker names them. */
    public static final List<String> SUPPORTED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512",
            "OAUTHBEARER");

    /** Kafka's sasl.* keys accepted without effect, or only in some cases (see the class comment and the table). */
    private static final List<SettingDef> INERT = Settings.section(Settings.Section.SASL).stream()
            .filter(d -> d.support() != SettingDef.Support.IMPLEMENTED).toList();

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
        mechanism = put(effective, SASL_MECHANISM_CONFIG, v.stringValue(def(SASL_MECHANISM_CONFIG)));
        jaasConfig = put(effective, SASL_JAAS_CONFIG, v.passwordValue(SASL_JAAS_CONFIG));
        loginCallbackHandler = put(effective, SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                callbackHandler(v, SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAuthBearerTokenProvider.class));
        clientCallbackHandler = put(effective, SASL_CLIENT_CALLBACK_HANDLER_CLASS,
                callbackHandler(v, SASL_CLIENT_CALLBACK_HANDLER_CLASS, SaslCredentialsProvider.class));
        refreshWindowFactor = put(effective, SASL_LOGIN_REFRESH_WINDOW_FACTOR,
                (Double) v.value(def(SASL_LOGIN_REFRESH_WINDOW_FACTOR)));
        refreshWindowJitter = put(effective, SASL_LOGIN_REFRESH_WINDOW_JITTER,
                (Double) v.value(def(SASL_LOGIN_REFRESH_WINDOW_JITTER)));
        refreshMinPeriodSeconds = put(effective, SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS,
                (Short) v.value(def(SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS)));
        refreshBufferSeconds = put(effective, SASL_LOGIN_REFRESH_BUFFER_SECONDS,
                (Short) v.value(def(SASL_LOGIN_REFRESH_BUFFER_SECONDS)));
        retryBackoffMs = put(effective, SASL_LOGIN_RETRY_BACKOFF_MS,
                v.longValue(def(SASL_LOGIN_RETRY_BACKOFF_MS)));
        retryBackoffMaxMs = put(effective, SASL_LOGIN_RETRY_BACKOFF_MAX_MS,
                v.longValue(def(SASL_LOGIN_RETRY_BACKOFF_MAX_MS)));
        for (SettingDef d : INERT) {
            Object value = v.value(d);
            effective.put(d.name(), value);
            if (value != null) {
                inertValues.put(d.name(), value);
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
    private static final List<String> TOKEN_RETRIEVAL_KEYS = INERT.stream()
            .filter(d -> d.support() == SettingDef.Support.PARTIAL && d.name().startsWith("sasl.oauthbearer."))
            .map(SettingDef::name).toList();

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

    private static SettingDef def(String key) {
        return Settings.get(key);
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

    /** {@return {@code sasl.mechanism} as given (upper case is how brokers name mechanisms).} */
    public String mechanism() {
        return mechanism;
    }

    /** {@return {@code sasl.jaas.config}, or null.} */
    public Password jaasConfig() {
        return jaasConfig;
    }

    /**
     * {@code sasl.login.callback.handler.class}: a {@link Class}, a class name, an {@link OAuthBearerTokenProvider}
     * instance, or null.
     * @return the login callback handler as given, or null
     */
    public Object loginCallbackHandler() {
        return loginCallbackHandler;
    }

    /**
     * The OAUTHBEARER token provider of {@code sasl.login.callback.handler.class}: the instance given, or a new
     * instance of the class named (not configured yet); null when the key is not set.
     * @return a token provider, or null
     */
    public OAuthBearerTokenProvider newTokenProvider() {
        return newHandler(loginCallbackHandler, OAuthBearerTokenProvider.class, SASL_LOGIN_CALLBACK_HANDLER_CLASS);
    }

    /**
     * {@code sasl.client.callback.handler.class}: a {@link Class}, a class name, a {@link SaslCredentialsProvider}
     * instance, or null.
     * @return the client callback handler as given, or null
     */
    public Object clientCallbackHandler() {
        return clientCallbackHandler;
    }

    /**
     * The PLAIN/SCRAM credentials provider of {@code sasl.client.callback.handler.class}: the instance given, or a
     * new instance of the class named (not configured yet); null when the key is not set.
     * @return a credentials provider, or null
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

    /** {@return {@code sasl.login.refresh.window.factor}: at what fraction of a token's lifetime it is replaced} */
    public double refreshWindowFactor() {
        return refreshWindowFactor;
    }

    /** {@return {@code sasl.login.refresh.window.jitter}: the random extra fraction added to it} */
    public double refreshWindowJitter() {
        return refreshWindowJitter;
    }

    /** {@return {@code sasl.login.refresh.min.period.seconds}, in milliseconds: the shortest time between refreshes} */
    public long refreshMinPeriodMs() {
        return refreshMinPeriodSeconds * 1000L;
    }

    /**
     * {@return {@code sasl.login.refresh.buffer.seconds}, in milliseconds: how long before expiry a new token must be
     * in place}
     */
    public long refreshBufferMs() {
        return refreshBufferSeconds * 1000L;
    }

    /** {@return {@code sasl.login.retry.backoff.ms}: the wait after a failed OAUTHBEARER token fetch (doubling).} */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** {@return {@code sasl.login.retry.backoff.max.ms}: the longest wait between failed token fetches.} */
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
