package dev.vltava.producer;

import dev.vltava.producer.internal.VltavaProducer;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates serializers, partitioners and interceptors named in the configuration, and starts a producer with them
 * ({@link #startProducer}: the API's one way into the engine). Kafka's built-in serializer class names are mapped to
 * {@link Serializers} (the bytes are identical), so property files written for the official client work unchanged and
 * kafka-clients need not be on the class path.
 */
final class Plugins {

    private static final String KAFKA_SERDE = "org.apache.kafka.common.serialization.";

    private static final Map<String, Supplier<Serializer<?>>> KAFKA_SERIALIZERS = Map.of(
            KAFKA_SERDE + "StringSerializer", Serializers::string,
            KAFKA_SERDE + "ByteArraySerializer", Serializers::byteArray,
            KAFKA_SERDE + "ByteBufferSerializer", Serializers::byteBuffer,
            KAFKA_SERDE + "IntegerSerializer", Serializers::integer,
            KAFKA_SERDE + "LongSerializer", Serializers::longs,
            KAFKA_SERDE + "ShortSerializer", Serializers::shorts,
            KAFKA_SERDE + "DoubleSerializer", Serializers::doubles,
            KAFKA_SERDE + "FloatSerializer", Serializers::floats,
            KAFKA_SERDE + "UUIDSerializer", Serializers::uuid,
            KAFKA_SERDE + "VoidSerializer", Serializers::voidSerializer);

    private Plugins() {
    }

    /**
     * Starts a producer: plugins given as instances are used as they are (not configured, as in Kafka); the others
     * are created from the configuration and configured; the given interceptors follow those of
     * {@code interceptor.classes}. The plugins created here are closed again if starting fails.
     *
     * @param partitioner null = {@code partitioner.class}, or the built-in partitioning if that is not set either
     * @param listener    null = none
     */
    static <K, V> Producer<K, V> startProducer(ProducerConfig config, Serializer<K> keySerializer,
            Serializer<V> valueSerializer, Partitioner partitioner, List<ProducerInterceptor<K, V>> extraInterceptors,
            ProducerListener listener) {
        List<AutoCloseable> created = new ArrayList<>();
        try {
            Serializer<K> keys = keySerializer != null ? keySerializer
                    : track(created, serializer(config, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, true));
            Serializer<V> values = valueSerializer != null ? valueSerializer
                    : track(created, serializer(config, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, false));
            Partitioner chosen = partitioner != null ? partitioner : configuredPartitioner(config, created);
            List<ProducerInterceptor<K, V>> interceptors = configuredInterceptors(config, created);
            interceptors.addAll(extraInterceptors);
            return VltavaProducer.start(config, keys, values, chosen, List.copyOf(interceptors), listener);
        } catch (RuntimeException | Error e) {
            for (AutoCloseable c : created) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    private static <T> Serializer<T> track(List<AutoCloseable> created, Serializer<T> serializer) {
        created.add(serializer::close);
        return serializer;
    }

    private static Partitioner configuredPartitioner(ProducerConfig config, List<AutoCloseable> created) {
        Object ref = config.partitionerClass().orElse(null);
        if (ref == null) {
            return null;
        }
        Partitioner p = instantiate(ref, Partitioner.class, ProducerConfig.PARTITIONER_CLASS_CONFIG);
        created.add(p);
        p.configure(config.originals());
        return p;
    }

    private static <K, V> List<ProducerInterceptor<K, V>> configuredInterceptors(ProducerConfig config,
            List<AutoCloseable> created) {
        List<ProducerInterceptor<K, V>> out = new ArrayList<>();
        for (Object ref : config.interceptorClasses()) {
            @SuppressWarnings("unchecked")
            ProducerInterceptor<K, V> i = instantiate(ref, ProducerInterceptor.class,
                    ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
            created.add(i);
            i.configure(config.originals());
            out.add(i);
        }
        return out;
    }

    /** A configured serializer from {@code key.serializer}/{@code value.serializer}; error if not set. */
    static <T> Serializer<T> serializer(ProducerConfig config, String key, boolean isKey) {
        Object ref = config.get(key).orElse(null);
        if (ref == null) {
            throw new ConfigException(List.of(key), "Missing required configuration '" + key
                    + "': pass a Serializer instance or set it to a class name");
        }
        Serializer<?> serializer = ref instanceof String name && KAFKA_SERIALIZERS.containsKey(name)
                ? KAFKA_SERIALIZERS.get(name).get()
                : instantiate(ref, Serializer.class, key);
        serializer.configure(config.originals(), isKey);
        @SuppressWarnings("unchecked")
        Serializer<T> typed = (Serializer<T>) serializer;
        return typed;
    }

    /** A new instance of {@code ref} (a {@link Class} or class name) that must implement {@code type}. */
    static <T> T instantiate(Object ref, Class<T> type, String key) {
        Class<?> cls = ref instanceof Class<?> c ? c : load((String) ref, key);
        if (!type.isAssignableFrom(cls)) {
            throw new ConfigException(List.of(key), "Class " + cls.getName() + " given in '" + key
                    + "' does not implement " + type.getName());
        }
        try {
            return type.cast(cls.getDeclaredConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new ConfigException(List.of(key), "Class " + cls.getName() + " given in '" + key
                    + "' has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ConfigException(List.of(key), "The constructor of " + cls.getName() + " given in '" + key
                    + "' failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(List.of(key), "Could not instantiate " + cls.getName() + " given in '" + key
                    + "': " + e, e);
        }
    }

    static Class<?> load(String name, String key) {
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = contextLoader != null ? contextLoader : Plugins.class.getClassLoader();
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(List.of(key), "Class " + name + " given in '" + key + "' could not be loaded: "
                    + e, e);
        }
    }

    /** Closes a plugin after a failed start, keeping the first failure as the one reported. */
    static void closeQuietly(AutoCloseable closeable, Throwable primary) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
