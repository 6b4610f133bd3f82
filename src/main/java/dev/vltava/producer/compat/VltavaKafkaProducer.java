package dev.vltava.producer.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.vltava.producer.internal.accumulate.PendingRecordSender;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop-in replacement for {@code KafkaProducer}: the official {@link Producer} interface, the same configuration
 * keys and defaults, the official serializer, partitioner and interceptor interfaces, and the official exception
 * types, surfacing where {@code KafkaProducer} surfaces them. Switching is one line:
 * {@code new KafkaProducer<>(props)} becomes {@code new VltavaKafkaProducer<>(props)}.
 *
 * <p>It adapts types and holds no producer logic: every record goes to Vltava's {@link dev.vltava.producer.Producer}.
 *
 * <p>The deliberate difference: {@code send()} never blocks waiting for a topic's metadata. Where
 * {@code KafkaProducer.send()} blocks up to {@code max.block.ms} for an unknown topic and then returns an already
 * failed future, this returns at once and the future (and callback) fail with the same {@code TimeoutException}
 * after {@code max.block.ms}. It may still block for buffer memory, as Kafka does. See docs/migration.md for the full
 * list.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class VltavaKafkaProducer<K, V> implements Producer<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(VltavaKafkaProducer.class);

    private final dev.vltava.producer.Producer<K, V> producer;
    /** The same producer's send() that takes the facade's own future (one object per record instead of two). */
    private final PendingRecordSender<K, V> engine;
    /** An official serializer that overrides the headers-aware serialize(): records then need Vltava headers. */
    private final boolean serializersReadHeaders;
    private final Interceptors<K, V> interceptors;
    private final String clientId;
    private final String transactionalId;
    private final CompatMetrics metrics;
    /** The official plugins, in the order KafkaProducer closes them. */
    private final List<AutoCloseable> pluginsInCloseOrder;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LastTopicPartition completedPartitions = new LastTopicPartition();

    /** A producer from {@code KafkaProducer} settings; {@code key.serializer} and {@code value.serializer} required. */
    public VltavaKafkaProducer(Map<String, Object> configs) {
        this(configs, null, null);
    }

    /** As {@link #VltavaKafkaProducer(Map)}, from {@link Properties}. */
    public VltavaKafkaProducer(Properties properties) {
        this(CompatPlugins.fromProperties(properties), null, null);
    }

    /** As {@link #VltavaKafkaProducer(Properties, Serializer, Serializer)}, from a map. */
    public VltavaKafkaProducer(Map<String, Object> configs, Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        CompatPlugins<K, V> plugins = CompatPlugins.resolve(configs, keySerializer, valueSerializer);
        this.clientId = plugins.config.clientId();
        this.transactionalId = plugins.config.transactionalId();
        this.interceptors = new Interceptors<>(plugins.interceptors);
        SerializerAdapter<K> keyAdapter = new SerializerAdapter<>(plugins.keySerializer);
        SerializerAdapter<V> valueAdapter = new SerializerAdapter<>(plugins.valueSerializer);
        this.serializersReadHeaders = keyAdapter.readsHeaders() || valueAdapter.readsHeaders();
        try {
            this.producer = build(plugins, keyAdapter, valueAdapter);
        } catch (RuntimeException e) {
            plugins.closeCreated(e);
            throw KafkaErrors.toKafka(e);
        } catch (Error e) {
            plugins.closeCreated(e);
            throw e;
        }
        this.engine = pendingRecordSender(producer);
        this.metrics = new CompatMetrics(producer);
        CompatReporters reporters = CompatReporters.start(plugins.reporters, metrics, producer,
                plugins.pluginConfigs());
        // Kafka's close order: interceptors, metric reporters, serializers, partitioner.
        List<AutoCloseable> owned = new ArrayList<>(List.of(interceptors));
        if (reporters != null) {
            owned.add(reporters);
        }
        owned.add(plugins.keySerializer);
        owned.add(plugins.valueSerializer);
        if (plugins.partitioner != null) {
            owned.add(plugins.partitioner);
        }
        this.pluginsInCloseOrder = List.copyOf(owned);
    }

    /**
     * A producer with the given serializers (a null one is created from {@code key.serializer} /
     * {@code value.serializer}). As in Kafka, serializers passed in are not configured, but are closed on close.
     */
    public VltavaKafkaProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(CompatPlugins.fromProperties(properties), keySerializer, valueSerializer);
    }

    private static <K, V> dev.vltava.producer.Producer<K, V> build(CompatPlugins<K, V> plugins,
            SerializerAdapter<K> keySerializer, SerializerAdapter<V> valueSerializer) {
        var builder = dev.vltava.producer.Producer.builder().configs(plugins.vltavaConfigs)
                .keySerializer(keySerializer).valueSerializer(valueSerializer);
        if (plugins.partitioner != null) {
            builder.partitioner(new PartitionerAdapter(plugins.partitioner));
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static <K, V> PendingRecordSender<K, V> pendingRecordSender(dev.vltava.producer.Producer<K, V> producer) {
        if (producer instanceof PendingRecordSender<?, ?> sender) {
            return (PendingRecordSender<K, V>) sender;
        }
        producer.close(Duration.ZERO);
        throw new IllegalStateException("The Vltava producer " + producer.getClass().getName() + " does not take "
                + "the facade's records (" + PendingRecordSender.class.getName() + ")");
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends as {@code KafkaProducer.send} does; the returned future is also a {@link CompletableFuture}.
     *
     * @throws IllegalStateException after close
     * @throws org.apache.kafka.common.errors.SerializationException (or the serializer's own exception) if a
     *         serializer fails
     * @throws org.apache.kafka.common.errors.InterruptException if interrupted while waiting for buffer memory
     */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        ProducerRecord<K, V> intercepted = interceptors.isEmpty() ? record : interceptors.onSend(record);
        if (intercepted == null) {
            // Kafka checks for close before it looks at the record.
            throw closed.get() ? new IllegalStateException("Cannot send after the producer is closed.")
                    : new NullPointerException("record must not be null");
        }
        // The official record was checked when it was built; its fields go to the engine as they are (no Vltava
        // record per send), with Vltava headers only if it has headers or something reads them.
        dev.vltava.producer.Headers headers = KafkaTypes.headers(intercepted.headers(),
                serializersReadHeaders || !interceptors.isEmpty());
        SendCompletion<K, V> completion = new SendCompletion<>(intercepted.topic(), callback, interceptors, headers,
                completedPartitions);
        completion.enterSend();
        RuntimeException thrown = null;
        try {
            engine.sendPending(intercepted.topic(), intercepted.partition(), intercepted.timestamp(),
                    intercepted.key(), intercepted.value(), headers, completion);
        } catch (RuntimeException e) {
            thrown = KafkaErrors.thrownBySend(e);
        }
        RuntimeException rejectedInSend = completion.leaveSend();
        if (thrown == null) {
            thrown = rejectedInSend;
        }
        if (thrown != null) {
            onSendError(intercepted, thrown);
            throw thrown;
        }
        if (intercepted.headers() instanceof RecordHeaders official) {
            official.setReadOnly(); // as Kafka: a record handed to the producer keeps the headers it was sent with
        }
        return completion;
    }

    /** Kafka tells the interceptors about failures that send() throws, too. */
    private void onSendError(ProducerRecord<K, V> record, RuntimeException error) {
        if (!interceptors.isEmpty()) {
            int partition = record.partition() == null ? RecordMetadata.UNKNOWN_PARTITION : record.partition();
            interceptors.onAcknowledgement(KafkaTypes.failedMetadata(record.topic(), partition), error,
                    record.headers());
        }
    }

    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic cannot be null");
        try {
            return KafkaTypes.partitionInfos(producer.partitionsFor(topic));
        } catch (IllegalStateException e) {
            // Kafka reports a metadata request on a closed producer as a KafkaException.
            throw new KafkaException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        }
    }

    /**
     * The official client's metric set (groups {@code producer-metrics}, {@code producer-topic-metrics},
     * {@code producer-node-metrics}, {@code app-info}, {@code kafka-metrics-count}), tagged with this producer's
     * {@code client-id}; values are live. Metrics of topics and brokers first used after this call appear in the
     * next one. Those Vltava cannot fill are listed in docs/observability.md.
     */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.all();
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        } finally {
            if (closed.compareAndSet(false, true)) {
                closePlugins();
            }
        }
    }

    private void closePlugins() {
        for (AutoCloseable plugin : pluginsInCloseOrder) {
            try {
                plugin.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed", plugin.getClass().getName(), e);
            }
        }
    }

    /**
     * Vltava does not push client metrics (KIP-714), so there is no client instance id: throws
     * {@link IllegalStateException}, as {@code KafkaProducer} does when {@code enable.metrics.push=false}.
     */
    @Override
    public Uuid clientInstanceId(Duration timeout) {
        throw new IllegalStateException("Client metrics push (KIP-714) is not supported by Vltava, so there is no "
                + "client instance id.");
    }

    /** No-op: Vltava does not push client metrics, so there is no subscription to add a metric to. */
    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        Objects.requireNonNull(metric, "metric");
    }

    /** No-op, see {@link #registerMetricForSubscription}. */
    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * As {@code KafkaProducer}: without transactional.id an {@link IllegalStateException}; misuse (a second call,
     * commit without begin, ...) an {@link IllegalStateException}; the official exception types otherwise
     * ({@code ProducerFencedException}, {@code TransactionAbortableException}, {@code TimeoutException}, ...).
     */
    @Override
    public void initTransactions() {
        transactional(producer::initTransactions);
    }

    @Override
    public void beginTransaction() {
        transactional(producer::beginTransaction);
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata) {
        // KafkaProducer's order: the group metadata, the transactional.id, closed, then the offsets (none: nothing to do).
        if (groupMetadata == null) {
            throw new IllegalArgumentException("Consumer group metadata must not be null.");
        }
        if (groupMetadata.generationId() > 0 && groupMetadata.memberId().isEmpty()) {
            throw new IllegalArgumentException("The consumer group metadata has generation id "
                    + groupMetadata.generationId() + " but no member id.");
        }
        requireTransactionalId();
        if (closed.get()) {
            throw new IllegalStateException("Cannot send offsets after the producer is closed.");
        }
        if (offsets.isEmpty()) {
            return;
        }
        Map<dev.vltava.producer.TopicPartition, dev.vltava.producer.OffsetAndMetadata> converted =
                new java.util.LinkedHashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            TopicPartition tp = e.getKey();
            OffsetAndMetadata o = e.getValue();
            converted.put(new dev.vltava.producer.TopicPartition(tp.topic(), tp.partition()),
                    new dev.vltava.producer.OffsetAndMetadata(o.offset(), o.metadata(),
                            o.leaderEpoch().orElse(dev.vltava.producer.OffsetAndMetadata.NO_LEADER_EPOCH)));
        }
        dev.vltava.producer.ConsumerGroupMetadata group = new dev.vltava.producer.ConsumerGroupMetadata(
                groupMetadata.groupId(), groupMetadata.generationId(), groupMetadata.memberId(),
                groupMetadata.groupInstanceId().orElse(null));
        transactional(() -> producer.sendOffsetsToTransaction(converted, group));
    }

    @Override
    public void commitTransaction() {
        transactional(producer::commitTransaction);
    }

    @Override
    public void abortTransaction() {
        transactional(producer::abortTransaction);
    }

    private void transactional(Runnable call) {
        requireTransactionalId();
        try {
            call.run();
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        }
    }

    private void requireTransactionalId() {
        if (transactionalId == null) {
            // KafkaProducer's exception type for a producer without transactional.id.
            throw new IllegalStateException("Transactional method invoked on a non-transactional producer: this "
                    + "producer has no transactional.id.");
        }
    }

    @Override
    public String toString() {
        return "VltavaKafkaProducer(client.id=" + clientId + ")";
    }
}
