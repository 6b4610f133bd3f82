package dev.vltava.producer.compat;

import dev.vltava.producer.ProducerConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a {@code KafkaProducer} configuration in two: the plain settings, which Vltava's {@link ProducerConfig}
 * validates, and the class settings, whose classes implement the OFFICIAL interfaces and are created here
 * ({@code key.serializer}, {@code value.serializer}, {@code partitioner.class}, {@code interceptor.classes}).
 * Plugins are configured as Kafka configures them: with the original configuration and the effective
 * {@code client.id}; serializer instances passed to the constructor are not configured.
 */
final class CompatPlugins<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(CompatPlugins.class);

    /** Keys whose values name official classes; Vltava's own ProducerConfig must not try to load them. */
    static final Set<String> CLASS_KEYS = Set.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.PARTITIONER_CLASS_CONFIG,
            ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG);

    final Map<String, Object> vltavaConfigs;
    final ProducerConfig config;
    Serializer<K> keySerializer;
    Serializer<V> valueSerializer;
    Partitioner partitioner;
    final List<ProducerInterceptor<K, V>> interceptors = new ArrayList<>();
    final List<org.apache.kafka.common.metrics.MetricsReporter> reporters = new ArrayList<>();
    private final Map<String, Object> pluginConfigs;
    private final List<AutoCloseable> created = new ArrayList<>();
    private final KafkaCallbackHandlers saslHandlers;

    private CompatPlugins(Map<String, Object> originals) {
        Map<String, Object> given = new LinkedHashMap<>(originals);
        given.keySet().removeAll(CLASS_KEYS);
        KafkaConfigProviders.adapt(given);
        // Kafka's Password type for secrets (ssl.*.password, ...) becomes Vltava's: same value, hidden the same way.
        given.replaceAll((key, value) -> value instanceof org.apache.kafka.common.config.types.Password p
                ? new dev.vltava.producer.Password(p.value()) : value);
        saslHandlers = KafkaCallbackHandlers.detach(given);
        try {
            config = ProducerConfig.from(given);
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        }
        // Building the producer parses the configuration again: hand it the resolved values (the providers are not
        // asked twice) and pin the client id, which must not be generated anew.
        vltavaConfigs = new LinkedHashMap<>(config.originals());
        vltavaConfigs.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
        withoutProviders(vltavaConfigs);
        // As KafkaProducer, plugins see the resolved configuration.
        pluginConfigs = KafkaConfigProviders.forPlugins(originals, config.originals());
        pluginConfigs.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
        for (String key : List.of(dev.vltava.producer.SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                dev.vltava.producer.SaslConfig.SASL_CLIENT_CALLBACK_HANDLER_CLASS)) {
            if (originals.containsKey(key)) {
                pluginConfigs.put(key, originals.get(key)); // the user's class, not our adapter
            }
        }
    }

    /**
     * The values are resolved already: without its {@code config.providers} keys the second parse creates no provider
     * (with them, every provider was created, configured and closed twice per producer, where KafkaProducer does it
     * once: a vault login twice). Kept only if a resolved value still reads like a reference, which the second parse
     * would otherwise reject (a reference without providers) instead of resolving it again as before.
     */
    private static void withoutProviders(Map<String, Object> resolved) {
        for (Object value : resolved.values()) {
            if (value instanceof String s && s.contains("${")) {
                return;
            }
        }
        resolved.keySet().removeIf(key -> key.equals(ProducerConfig.CONFIG_PROVIDERS_CONFIG)
                || key.startsWith(ProducerConfig.CONFIG_PROVIDERS_CONFIG + "."));
    }

    /** Validates the configuration and creates the official plugins; on failure closes what it created. */
    static <K, V> CompatPlugins<K, V> resolve(Map<String, ?> configs, Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        CompatPlugins<K, V> plugins = new CompatPlugins<>(copy(configs));
        try {
            // Kafka's order: metric reporters, partitioner, serializers, interceptors.
            plugins.reporters.addAll(plugins.metricReporters());
            plugins.partitioner = plugins.partitioner();
            plugins.keySerializer = plugins.serializer(keySerializer, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, true);
            plugins.valueSerializer = plugins.serializer(valueSerializer, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    false);
            plugins.interceptors.addAll(plugins.<K, V>interceptorList());
            plugins.kafkaSslEngineFactory();
            plugins.saslHandlers.configure(plugins.pluginConfigs, plugins.config, plugins.created);
            return plugins;
        } catch (RuntimeException | Error e) {
            plugins.closeCreated(e);
            throw e;
        }
    }

    /** Kafka's Properties rule: every key must be a String (defaults of chained Properties included). */
    static Map<String, Object> fromProperties(Properties props) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : props.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new ConfigException(String.valueOf(e.getKey()), e.getValue(), "Key must be a string.");
            }
            map.put(key, e.getValue());
        }
        for (String key : props.stringPropertyNames()) {
            map.putIfAbsent(key, props.getProperty(key));
        }
        return map;
    }

    /** Closes every plugin created here (after a failed start), keeping {@code primary} as the failure. */
    void closeCreated(Throwable primary) {
        for (AutoCloseable c : created) {
            try {
                c.close();
            } catch (Exception e) {
                primary.addSuppressed(e);
            }
        }
    }

    private static Map<String, Object> copy(Map<String, ?> configs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : configs.entrySet()) {
            if (e.getKey() == null) {
                throw new ConfigException("Configuration keys must not be null.");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private <T> Serializer<T> serializer(Serializer<T> given, String key, boolean isKey) {
        if (given != null) {
            return given;
        }
        Object ref = pluginConfigs.get(key);
        if (ref == null) {
            throw new ConfigException(key, null, "must be non-null.");
        }
        @SuppressWarnings("unchecked")
        Serializer<T> s = instantiate(ref, Serializer.class, key);
        created.add(s);
        s.configure(pluginConfigs, isKey);
        return s;
    }

    private Partitioner partitioner() {
        Object ref = pluginConfigs.get(ProducerConfig.PARTITIONER_CLASS_CONFIG);
        if (ref == null) {
            return null;
        }
        Partitioner p = instantiate(ref, Partitioner.class, ProducerConfig.PARTITIONER_CLASS_CONFIG);
        created.add(p);
        p.configure(pluginConfigs);
        return p;
    }

    private <A, B> List<ProducerInterceptor<A, B>> interceptorList() {
        List<ProducerInterceptor<A, B>> out = new ArrayList<>();
        for (Object ref : classList(pluginConfigs.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG))) {
            @SuppressWarnings("unchecked")
            ProducerInterceptor<A, B> i = instantiate(ref, ProducerInterceptor.class,
                    ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
            created.add(i::close);
            i.configure(pluginConfigs);
            out.add(i);
        }
        return out;
    }

    /**
     * {@code ssl.engine.factory.class} naming a Kafka {@code SslEngineFactory}: created and configured here as Kafka
     * does (with the configuration, the ssl.* values parsed by Kafka's own definitions: Password and List types and
     * defaults), and handed to Vltava as an adapter instance. A class of Vltava's own interface is left to Vltava.
     */
    private void kafkaSslEngineFactory() {
        Object ref = pluginConfigs.get(dev.vltava.producer.SslConfig.SSL_ENGINE_FACTORY_CLASS_CONFIG);
        if (ref == null || !config.security().protocol().usesTls()) {
            return;
        }
        Class<?> cls = ref instanceof Class<?> c ? c : load(ref, dev.vltava.producer.SslConfig.SSL_ENGINE_FACTORY_CLASS_CONFIG);
        if (!org.apache.kafka.common.security.auth.SslEngineFactory.class.isAssignableFrom(cls)) {
            return;
        }
        org.apache.kafka.common.security.auth.SslEngineFactory factory = instantiate(cls,
                org.apache.kafka.common.security.auth.SslEngineFactory.class,
                dev.vltava.producer.SslConfig.SSL_ENGINE_FACTORY_CLASS_CONFIG);
        created.add(factory);
        Map<String, Object> sslConfigs = new LinkedHashMap<>(pluginConfigs);
        sslConfigs.putAll(new org.apache.kafka.common.config.ConfigDef().withClientSslSupport().parse(pluginConfigs));
        factory.configure(sslConfigs);
        KafkaSslEngineFactoryAdapter adapter = new KafkaSslEngineFactoryAdapter(factory,
                config.security().ssl().endpointIdentificationAlgorithm());
        vltavaConfigs.put(dev.vltava.producer.SslConfig.SSL_ENGINE_FACTORY_CLASS_CONFIG, adapter);
    }

    /** A list-typed class setting: a List of classes or names, a comma-separated String, or one Class. */
    private static List<Object> classList(Object value) {
        List<Object> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s ? !s.isBlank() : item != null) {
                    out.add(item instanceof String s ? s.trim() : item);
                }
            }
        } else {
            out.add(value);
        }
        return out;
    }

    private static <T> T instantiate(Object ref, Class<T> type, String key) {
        Class<?> cls = ref instanceof Class<?> c ? c : load(ref, key);
        if (!type.isAssignableFrom(cls)) {
            throw new KafkaException(cls.getName() + " (from " + key + ") does not implement " + type.getName()
                    + "; the compat producer takes the official interfaces");
        }
        try {
            return type.cast(cls.getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            throw new KafkaException("The constructor of " + cls.getName() + " (from " + key + ") failed",
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new KafkaException("Could not instantiate " + cls.getName() + " (from " + key + "): it needs a "
                    + "public no-argument constructor", e);
        }
    }

    private static Class<?> load(Object ref, String key) {
        if (!(ref instanceof String name)) {
            throw new ConfigException(key, ref, "Expected a Class or a class name.");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name.trim(), true, context != null ? context : CompatPlugins.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, name, "Class " + name + " could not be found.");
        }
    }

    /**
     * {@code metric.reporters}: each created and configured as Kafka does. Kafka's own JmxReporter is skipped: Vltava
     * registers the same MBeans itself (a second registration would only replace them).
     */
    private List<org.apache.kafka.common.metrics.MetricsReporter> metricReporters() {
        List<org.apache.kafka.common.metrics.MetricsReporter> out = new ArrayList<>();
        for (Object ref : classList(pluginConfigs.get(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG))) {
            String name = ref instanceof Class<?> c ? c.getName() : ref.toString();
            if (name.equals("org.apache.kafka.common.metrics.JmxReporter")) {
                LOG.debug("metric.reporters: JmxReporter skipped; Vltava registers the producer's MBeans itself");
                continue;
            }
            org.apache.kafka.common.metrics.MetricsReporter r = instantiate(ref,
                    org.apache.kafka.common.metrics.MetricsReporter.class, ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG);
            created.add(r::close);
            r.configure(pluginConfigs);
            out.add(r);
        }
        return out;
    }

    /** The configuration plugins see (client.id pinned), for the reporters' context labels. */
    Map<String, Object> pluginConfigs() {
        return pluginConfigs;
    }
}
