package dev.vltava.producer.internal;

import dev.vltava.producer.Partitioner;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerInterceptor;
import dev.vltava.producer.ProducerListener;
import dev.vltava.producer.Serializer;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.network.Transport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public API's single way into the engine. */
public final class ProducerEngineLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerEngineLoader.class);

    private ProducerEngineLoader() {
    }

    /**
     * Creates a running producer.
     *
     * @param partitioner  the user's partitioner, or {@code null} for the built-in logic
     * @param interceptors in call order; never null, possibly empty
     */
    public static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
            Serializer<V> valueSerializer, Partitioner partitioner, List<ProducerInterceptor<K, V>> interceptors) {
        return create(config, keySerializer, valueSerializer, partitioner, interceptors, null);
    }

    /** With a listener for the producer's events (null: none), wrapped so that it cannot harm the engine. */
    public static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
            Serializer<V> valueSerializer, Partitioner partitioner, List<ProducerInterceptor<K, V>> interceptors,
            ProducerListener listener) {
        AckListener ack = interceptors.isEmpty() ? AckListener.NONE : (metadata, exception) -> {
            for (ProducerInterceptor<K, V> i : interceptors) {
                try {
                    i.onAcknowledgement(metadata, exception);
                } catch (RuntimeException e) {
                    LOG.warn("interceptor {} threw in onAcknowledgement; ignored", i.getClass().getName(), e);
                }
            }
        };
        Engine engine = new Engine(config, ack, (Transport) null);
        engine.metrics.events(ListenerEvents.of(listener));
        return new VltavaProducer<>(engine, keySerializer, valueSerializer, partitioner, List.copyOf(interceptors));
    }
}
