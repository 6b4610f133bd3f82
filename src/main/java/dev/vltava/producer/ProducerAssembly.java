package dev.vltava.producer;

import dev.vltava.producer.internal.ProducerEngineLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the plugins a producer needs (serializers, partitioner, interceptors), from instances or from class
 * names in the configuration, and hands them to the engine. Plugins it created itself are closed again if
 * starting fails.
 */
final class ProducerAssembly {

    private ProducerAssembly() {
    }

    static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer, Partitioner partitioner,
                                        List<ProducerInterceptor<K, V>> extraInterceptors) {
        return create(config, keySerializer, valueSerializer, partitioner, extraInterceptors, null);
    }

    /** With a {@link ProducerListener} (null: none). */
    static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer, Partitioner partitioner,
                                        List<ProducerInterceptor<K, V>> extraInterceptors, ProducerListener listener) {
        List<AutoCloseable> created = new ArrayList<>();
        try {
            Serializer<K> keys = keySerializer != null ? keySerializer
                    : track(created, Plugins.serializer(config, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, true));
            Serializer<V> values = valueSerializer != null ? valueSerializer
                    : track(created, Plugins.serializer(config, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, false));
            Partitioner chosen = partitioner != null ? partitioner : configuredPartitioner(config, created);
            List<ProducerInterceptor<K, V>> interceptors = configuredInterceptors(config, created);
            interceptors.addAll(extraInterceptors);
            return ProducerEngineLoader.create(config, keys, values, chosen, List.copyOf(interceptors), listener);
        } catch (RuntimeException | Error e) {
            for (AutoCloseable c : created) {
                Plugins.closeQuietly(c, e);
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
        Partitioner p = Plugins.instantiate(ref, Partitioner.class, ProducerConfig.PARTITIONER_CLASS_CONFIG);
        created.add(p);
        p.configure(config.originals());
        return p;
    }

    private static <K, V> List<ProducerInterceptor<K, V>> configuredInterceptors(ProducerConfig config,
                                                                              List<AutoCloseable> created) {
        List<ProducerInterceptor<K, V>> out = new ArrayList<>();
        for (Object ref : config.interceptorClasses()) {
            @SuppressWarnings("unchecked")
            ProducerInterceptor<K, V> i = Plugins.instantiate(ref, ProducerInterceptor.class,
                    ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
            created.add(i);
            i.configure(config.originals());
            out.add(i);
        }
        return out;
    }
}
