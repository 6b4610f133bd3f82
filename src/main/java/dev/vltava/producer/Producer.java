package dev.vltava.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to Kafka. Thread-safe; share one instance between threads.
 *
 * <p>{@code send} does not wait for metadata; it may block only while {@code buffer.memory} is full, for at most
 * {@code max.block.ms}. After its argument checks it never throws for asynchronous failures: the future and the
 * callback each receive exactly one outcome.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Producer<K, V> extends AutoCloseable {

    /** Sends a record; the future completes when it is acknowledged (or fails). */
    default CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record and calls {@code callback} (may be null) once when done, before the future completes.
     * Never blocks on metadata; blocks only while {@code buffer.memory} is full, at most {@code max.block.ms}.
     * Asynchronous failures (record too large, timeouts, broker errors) arrive through the future and the callback.
     *
     * @throws NullPointerException   if {@code record} is null
     * @throws IllegalStateException  if the producer is closed
     * @throws SerializationException if the key or value serializer fails
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    /** Sends everything buffered now and waits until all records sent before this call completed. */
    void flush();

    /** Closes, waiting without limit for buffered records to be sent. */
    @Override
    void close();

    /** Closes, waiting at most {@code timeout}; records still pending then fail. */
    void close(Duration timeout);

    /** The partitions of a topic, waiting up to {@code max.block.ms} for metadata. */
    List<PartitionInfo> partitionsFor(String topic);

    /**
     * The producer's metrics, under the official client's names, groups and tags (see docs/observability.md): the
     * metrics that exist now (per-topic and per-broker metrics appear with the first batch to a topic, the first
     * request to a broker); each {@link Metric} reads its live value. The map is read-only and does not change; call
     * again to see metrics added since.
     */
    Map<MetricName, Metric> metrics();

    /**
     * Tells {@code listener} of every metric added from now on (and of each removal); metrics that exist already are
     * not replayed, so read {@link #metrics()} after adding it. See {@link MetricsListener} for the rules.
     */
    void addMetricsListener(MetricsListener listener);

    void removeMetricsListener(MetricsListener listener);

    /** A builder with typed setters. */
    static <K, V> ProducerBuilder<K, V> builder() {
        return new ProducerBuilder<>();
    }

    /**
     * A producer from Kafka property keys; {@code key.serializer} and {@code value.serializer} are required and
     * name classes with a no-argument constructor (Kafka's built-in serializer names map to {@link Serializers}).
     */
    static <K, V> Producer<K, V> create(Map<String, ?> props) {
        return create(ProducerConfig.from(props), null, null);
    }

    /** As {@link #create(Map)}, from {@link Properties}. */
    static <K, V> Producer<K, V> create(Properties props) {
        return create(ProducerConfig.from(props), null, null);
    }

    /**
     * A producer with the given serializers; a null serializer is created from {@code key.serializer} /
     * {@code value.serializer}. Serializers passed in are not configured (as in Kafka).
     */
    static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer) {
        return ProducerAssembly.create(config, keySerializer, valueSerializer, null, List.of());
    }
}
