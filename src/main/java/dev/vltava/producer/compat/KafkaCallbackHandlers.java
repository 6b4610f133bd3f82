package dev.vltava.producer.compat;

import dev.vltava.producer.SaslConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * Kafka's {@link AuthenticateCallbackHandler} classes in {@code sasl.login.callback.handler.class} (OAUTHBEARER
 * tokens) and {@code sasl.client.callback.handler.class} (PLAIN/SCRAM user name and password), for the facade.
 * Before Vltava validates the configuration, each such class is replaced by an adapter (an
 * {@code OAuthBearerTokenProvider} or a {@code SaslCredentialsProvider} instance, which Vltava accepts there); once
 * the configuration is valid, the handler is created and configured as Kafka does: with the configuration (the
 * {@code sasl.*} values parsed by Kafka's own definitions), the mechanism and the entries of the JAAS line. A handler
 * is created only when the producer uses SASL with a mechanism that asks it (OAUTHBEARER for the login handler,
 * PLAIN/SCRAM for the client handler). Vltava closes the adapters, and so the handlers, when the producer closes.
 */
final class KafkaCallbackHandlers {

    /** Kafka's defaults for the client handler: they read credentials from a JAAS Subject, which Vltava has not. */
    private static final Set<String> KAFKA_DEFAULT_CLIENT_HANDLERS = Set.of(
            "org.apache.kafka.common.security.authenticator.SaslClientCallbackHandler",
            "org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslClientCallbackHandler");

    private KafkaLoginCallbackHandlerAdapter login;
    private KafkaClientCallbackHandlerAdapter client;

    /**
     * Replaces Kafka handler classes in {@code given} by unconfigured adapters; Vltava's own provider classes and
     * instances stay as they are. Kafka's default client handler set explicitly is the same as not set.
     */
    static KafkaCallbackHandlers detach(Map<String, Object> given) {
        KafkaCallbackHandlers h = new KafkaCallbackHandlers();
        Class<? extends AuthenticateCallbackHandler> loginClass =
                kafkaHandlerClass(given.get(SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS),
                        SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS);
        if (loginClass != null) {
            h.login = new KafkaLoginCallbackHandlerAdapter(loginClass);
            given.put(SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS, h.login);
        }
        Class<? extends AuthenticateCallbackHandler> clientClass =
                kafkaHandlerClass(given.get(SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS),
                        SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS);
        if (clientClass != null && KAFKA_DEFAULT_CLIENT_HANDLERS.contains(clientClass.getName())) {
            given.remove(SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS);
        } else if (clientClass != null) {
            h.client = new KafkaClientCallbackHandlerAdapter(clientClass);
            given.put(SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS, h.client);
        }
        return h;
    }

    /** The Kafka handler class a setting names, or null (not set, or not a Kafka handler: Vltava checks it). */
    private static Class<? extends AuthenticateCallbackHandler> kafkaHandlerClass(Object value, String key) {
        Class<?> cls;
        if (value instanceof Class<?> c) {
            cls = c;
        } else if (value instanceof String name && !name.isBlank()) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                cls = Class.forName(name.trim(), true,
                        context != null ? context : KafkaCallbackHandlers.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConfigException(key, name, "Class " + name.trim() + " could not be found.");
            }
        } else {
            return null;
        }
        return AuthenticateCallbackHandler.class.isAssignableFrom(cls)
                ? cls.asSubclass(AuthenticateCallbackHandler.class) : null;
    }

    /**
     * Creates and configures the handlers the producer will use. {@code pluginConfigs}: the resolved configuration
     * as plugins see it (class settings as the user gave them). What is created is added to {@code created} first,
     * so that a handler whose configure fails is closed with the rest.
     */
    void configure(Map<String, Object> pluginConfigs, dev.vltava.producer.ProducerConfig config,
            List<AutoCloseable> created) {
        if ((login == null && client == null) || !config.security().protocol().usesSasl()) {
            return;
        }
        String mechanism = config.security().sasl().mechanism();
        boolean oauth = mechanism.equals("OAUTHBEARER");
        KafkaCallbackHandlerAdapter used = oauth ? login : client;
        if (used == null) {
            return;
        }
        Map<String, Object> kafkaConfigs = new java.util.LinkedHashMap<>(pluginConfigs);
        kafkaConfigs.putAll(new ConfigDef().withClientSaslSupport().parse(pluginConfigs));
        created.add(used);
        if (used == client) {
            client.mechanism(mechanism);
        }
        used.bind(kafkaConfigs, mechanism, jaasEntries(kafkaConfigs));
    }

    private static List<AppConfigurationEntry> jaasEntries(Map<String, Object> kafkaConfigs) {
        if (!(kafkaConfigs.get(SaslConfig.SASL_JAAS_CONFIG) instanceof Password)) {
            return List.of(); // no JAAS line: the handler decides whether it needs one
        }
        try {
            return JaasContext.loadClientContext(kafkaConfigs).configurationEntries();
        } catch (IllegalArgumentException e) {
            throw new KafkaException("sasl.jaas.config could not be read for the SASL callback handler: "
                    + e.getMessage());
        }
    }
}
