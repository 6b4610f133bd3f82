package dev.vltava.producer.compat;

import dev.vltava.producer.Password;
import dev.vltava.producer.ProducerConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Config providers for {@code KafkaProducer} configurations: a {@code config.providers.<alias>.class} naming an
 * implementation of Kafka's {@link ConfigProvider} is handed to Vltava as an adapter to its own
 * {@link dev.vltava.producer.ConfigProvider}. Kafka's three built-in class names are left alone: Vltava implements
 * those itself.
 */
final class KafkaConfigProviders {

    /** The class names that Vltava's configuration maps to its own file, env and directory providers. */
    static final Set<String> BUILT_IN = Set.of("org.apache.kafka.common.config.provider.FileConfigProvider",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "org.apache.kafka.common.config.provider.DirectoryConfigProvider");

    private KafkaConfigProviders() {
    }

    /** Replaces, in {@code configs}, every provider class setting that names a Kafka ConfigProvider by an adapter. */
    static void adapt(Map<String, Object> configs) {
        for (String alias : aliases(configs.get(ProducerConfig.CONFIG_PROVIDERS_CONFIG))) {
            String classKey = ProducerConfig.CONFIG_PROVIDERS_CONFIG + "." + alias + ".class";
            Class<?> cls = kafkaProviderClass(configs.get(classKey));
            if (cls != null) {
                configs.put(classKey, new Adapter(cls));
            }
        }
    }

    /**
     * What Kafka hands its plugins: the resolved configuration, with secrets as the strings the user wrote them as
     * (Vltava holds a provider's secrets as {@link Password}s).
     */
    static Map<String, Object> forPlugins(Map<String, Object> given, Map<String, Object> resolved) {
        Map<String, Object> out = new LinkedHashMap<>(given);
        resolved.forEach((key, value) -> {
            if (value instanceof Password p) {
                // A resolved secret as the string KafkaProducer would give; a secret given as an object (Kafka's
                // Password) stays the object the user gave.
                out.put(key, given.get(key) instanceof String ? p.value() : given.get(key));
            } else if (!(value instanceof Adapter)) {
                out.put(key, value);
            }
        });
        return out;
    }

    private static List<String> aliases(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item != null && !item.toString().isBlank()) {
                    out.add(item.toString().trim());
                }
            }
        }
        return out;
    }

    /** The class if {@code ref} names a Kafka ConfigProvider that Vltava does not implement itself; else null. */
    private static Class<?> kafkaProviderClass(Object ref) {
        Class<?> cls = null;
        if (ref instanceof Class<?> c) {
            cls = c;
        } else if (ref instanceof String s && !s.isBlank() && !BUILT_IN.contains(s.trim())) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                cls = Class.forName(s.trim(), false,
                        context != null ? context : KafkaConfigProviders.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return null; // Vltava's configuration reports the class that cannot be found
            }
        }
        return cls != null && ConfigProvider.class.isAssignableFrom(cls) ? cls : null;
    }

    /** A Kafka ConfigProvider as a Vltava one: a new instance per configure (one per resolution), closed after it. */
    static final class Adapter implements dev.vltava.producer.ConfigProvider {
        private final Class<?> type;
        private ConfigProvider delegate;

        Adapter(Class<?> type) {
            this.type = type;
        }

        @Override
        public void configure(Map<String, ?> params) {
            try {
                delegate = (ConfigProvider) type.getDeclaredConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new KafkaException("The constructor of " + type.getName() + " failed", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new KafkaException("Could not instantiate " + type.getName() + ": it needs a public "
                        + "no-argument constructor", e);
            }
            delegate.configure(params);
        }

        @Override
        public Map<String, String> get(String path, Set<String> keys) {
            ConfigData data = delegate.get(path, keys);
            return data == null || data.data() == null ? Map.of() : data.data();
        }

        @Override
        public void close() {
            ConfigProvider d = delegate;
            delegate = null;
            if (d != null) {
                try {
                    d.close();
                } catch (Exception ignored) {
                    // best effort, as KafkaProducer closes its providers
                }
            }
        }

        @Override
        public String toString() {
            return "Kafka ConfigProvider " + type.getName();
        }
    }
}
