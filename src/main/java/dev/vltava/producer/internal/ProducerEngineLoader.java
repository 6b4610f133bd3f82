package dev.vltava.producer.internal;

import dev.vltava.producer.Partitioner;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerInterceptor;
import dev.vltava.producer.Serializer;
import java.util.List;

/** Placeholder for the engine's entry point; the engine branch replaces this file. */
public final class ProducerEngineLoader {

    private ProducerEngineLoader() {
    }

    /**
     * Creates a running producer.
     *
     * @param partitioner  the user's partitioner, or {@code null} for the built-in logic
     * @param interceptors in call order; never null, possibly empty
     */
    public static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                               Serializer<V> valueSerializer, Partitioner partitioner,
                                               List<ProducerInterceptor<K, V>> interceptors) {
        throw new UnsupportedOperationException("engine not merged yet");
    }
}
