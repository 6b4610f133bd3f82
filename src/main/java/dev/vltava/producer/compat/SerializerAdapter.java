package dev.vltava.producer.compat;

import dev.vltava.producer.Headers;
import dev.vltava.producer.Serializer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An official serializer used as Vltava's. Only serializers that override the headers-aware
 * {@code serialize(topic, headers, data)} get a (write-through) view of the record's headers; the others are called
 * without one, which saves an object per record.
 */
final class SerializerAdapter<T> implements Serializer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SerializerAdapter.class);

    private final org.apache.kafka.common.serialization.Serializer<T> official;
    private final boolean readsHeaders;

    SerializerAdapter(org.apache.kafka.common.serialization.Serializer<T> official) {
        this.official = official;
        this.readsHeaders = overridesHeadersVariant(official.getClass());
    }

    /** True if the official serializer overrides the headers-aware {@code serialize} (it may read or add headers). */
    boolean readsHeaders() {
        return readsHeaders;
    }

    org.apache.kafka.common.serialization.Serializer<T> official() {
        return official;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return official.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return readsHeaders ? official.serialize(topic, new HeadersView(headers), data) : official.serialize(topic, data);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        official.configure(configs, isKey);
    }

    /** Nothing: {@link VltavaKafkaProducer} closes the official plugins itself, in Kafka's order. */
    @Override
    public void close() {
    }

    private static boolean overridesHeadersVariant(Class<?> type) {
        try {
            return type.getMethod("serialize", String.class, org.apache.kafka.common.header.Headers.class,
                    Object.class).getDeclaringClass() != org.apache.kafka.common.serialization.Serializer.class;
        } catch (NoSuchMethodException | SecurityException e) {
            LOG.debug("could not inspect {}; always passing headers", type.getName(), e);
            return true;
        }
    }
}
