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
    /** What every record's completion shares (interceptors, the last partition completed). */
    private final SendCompletion.Context<K, V> completionContext;

    /**
     * Creates a producer from {@code KafkaProducer} settings; {@code key.serializer} and {@code value.serializer} are
     * required. The serializers, partitioner, interceptors and metric reporters named in the settings are created and
     * configured as {@code KafkaProducer} does it, and closed by {@link #close()}.
     *
     * @param configs the producer settings under Kafka's keys (values typed or as strings)
     * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid, or a class setting
     *         names a class that cannot be found
     * @throws org.apache.kafka.common.KafkaException if a plugin class does not implement the official interface or
     *         cannot be created; the plugins created so far are closed again
     */
    public VltavaKafkaProducer(Map<String, Object> configs) {
        this(configs, null, null);
    }

    /**
     * As {@link #VltavaKafkaProducer(Map)}, from {@link Properties} (their defaults included).
     *
     * @param properties the producer settings under Kafka's keys
     * @throws org.apache.kafka.common.config.ConfigException if a key is not a string, a setting is missing or invalid,
     *         or a class setting names a class that cannot be found
     * @throws org.apache.kafka.common.KafkaException if a plugin class does not implement the official interface or
     *         cannot be created
     */
    public VltavaKafkaProducer(Properties properties) {
        this(CompatPlugins.fromProperties(properties), null, null);
    }

    /**
     * As {@link #VltavaKafkaProducer(Properties, Serializer, Serializer)}, from a map.
     *
     * @param configs         the producer settings under Kafka's keys (values typed or as strings)
     * @param keySerializer   the key serializer, or null to create it from {@code key.serializer}
     * @param valueSerializer the value serializer, or null to create it from {@code value.serializer}
     * @throws org.apache.kafka.common.config.ConfigException if a setting is missing or invalid, or a class setting
     *         names a class that cannot be found
     * @throws org.apache.kafka.common.KafkaException if a plugin class does not implement the official interface or
     *         cannot be created; the plugins created so far are closed again
     */
    public VltavaKafkaProducer(Map<String, Object> configs, Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        CompatPlugins<K, V> plugins = CompatPlugins.resolve(configs, keySerializer, valueSerializer);
        this.clientId = plugins.config.clientId();
        this.transactionalId = plugins.config.transactionalId();
        this.interceptors = new Interceptors<>(plugins.interceptors);
        this.completionContext = new SendCompletion.Context<>(interceptors, new LastTopicPartition());
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
     * Creates a producer with the given serializers (a null one is created from {@code key.serializer} /
     * {@code value.serializer}). As in Kafka, serializers passed in are not configured, but are closed on close.
     *
     * @param properties      the producer settings under Kafka's keys
     * @param keySerializer   the key serializer, or null to create it from {@code key.serializer}
     * @param valueSerializer the value serializer, or null to create it from {@code value.serializer}
     * @throws org.apache.kafka.common.config.ConfigException if a key is not a string, a setting is missing or invalid,
     *         or a class setting names a class that cannot be found
     * @throws org.apache.kafka.common.KafkaException if a plugin class does not implement the official interface or
     *         cannot be created
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

    /**
     * Sends a record without a callback, as {@code send(record, null)}.
     *
     * @param record the record to send
     * @return a future for the record's metadata; see {@link #send(ProducerRecord, Callback)}
     * @throws NullPointerException  if {@code record} is null (or an interceptor turned it into null)
     * @throws IllegalStateException after close, or for a transactional producer without an open transaction
     * @throws org.apache.kafka.common.errors.SerializationException (or the serializer's own exception) if a
     *         serializer fails
     * @throws org.apache.kafka.common.errors.InterruptException if interrupted while waiting for buffer memory
     */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record as {@code KafkaProducer.send} does: the official interceptors' {@code onSend} first, then the
     * serializers and the partitioner on the calling thread; the callback runs once with the official
     * {@link RecordMetadata} or exception (after the interceptors' {@code onAcknowledgement}), then the future
     * completes. The returned future is also a {@link CompletableFuture}.
     *
     * <p>Failures found after the record was accepted reach the callback and the future as the official exceptions
     * {@code KafkaProducer} uses: {@code RecordTooLargeException}, {@code BufferExhaustedException} when no buffer
     * memory became free within {@code max.block.ms}, {@code TimeoutException} when the topic's metadata or the
     * acknowledgement did not arrive in time, {@code TopicAuthorizationException}, the broker's error as Kafka's own
     * {@code ApiException} subclass, and so on. The one difference: an unknown topic's {@code TimeoutException}
     * arrives through the future and the callback instead of making {@code send} block (see the class description).
     *
     * @param record   the record to send
     * @param callback called once when the record is acknowledged or has failed; may be null
     * @return a future that completes with the record's metadata, or exceptionally with the official exception
     * @throws NullPointerException  if {@code record} is null (or an interceptor turned it into null)
     * @throws IllegalStateException after close, or for a transactional producer without an open transaction
     * @throws IllegalArgumentException if the official partitioner returned a negative partition
     * @throws org.apache.kafka.common.errors.SerializationException (or the serializer's own exception) if a
     *         serializer fails
     * @throws org.apache.kafka.common.errors.InterruptException if interrupted while waiting for buffer memory
     * @throws org.apache.kafka.common.KafkaException if the official partitioner threw an {@link Error} or a checked
     *         exception (a runtime exception it throws is thrown as it is). Partitioner failures are thrown only when
     *         the partitioner runs inside {@code send}; for a record that waited for its topic's metadata they reach
     *         the callback and the future
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
        SendCompletion<K, V> completion = SendCompletion.of(intercepted.topic(), callback, completionContext, headers);
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

    /**
     * Makes every buffered record ready to send at once and waits until all records sent before this call are
     * complete (their callbacks have run), as {@code KafkaProducer.flush} does. It does not throw for records that
     * failed; their futures and callbacks report them.
     *
     * @throws IllegalStateException if called from a record's callback, where it would wait for itself
     * @throws org.apache.kafka.common.errors.InterruptException if interrupted while waiting
     */
    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        }
    }

    /**
     * Returns the partitions of a topic in the official {@link PartitionInfo} type, fetching the topic's metadata
     * first if needed and waiting at most {@code max.block.ms}, as {@code KafkaProducer.partitionsFor} does.
     *
     * @param topic the topic's name
     * @return the topic's partitions with their leaders, replicas and in-sync replicas as last known
     * @throws NullPointerException if {@code topic} is null
     * @throws org.apache.kafka.common.KafkaException if the producer is closed
     * @throws org.apache.kafka.common.errors.TopicAuthorizationException if the client may not describe the topic
     * @throws org.apache.kafka.common.errors.AuthenticationException (or its SASL/SSL subclass) if every broker refused
     *         the client's credentials
     * @throws org.apache.kafka.common.errors.TimeoutException if the metadata did not arrive within
     *         {@code max.block.ms}
     * @throws org.apache.kafka.common.errors.InterruptException if interrupted while waiting
     */
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
     * Returns the official client's metric set (groups {@code producer-metrics}, {@code producer-topic-metrics},
     * {@code producer-node-metrics}, {@code app-info}, {@code kafka-metrics-count}), tagged with this producer's
     * {@code client-id}; values are live. Metrics of topics and brokers first used after this call appear in the
     * next one. Those Vltava cannot fill are listed in docs/observability.md.
     *
     * @return the metrics that exist now, by their official names
     */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.all();
    }

    /**
     * Closes the producer, waiting without a time limit for records already sent, as {@code KafkaProducer.close()}:
     * the same as {@code close(Duration.ofMillis(Long.MAX_VALUE))}.
     */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Closes the producer as {@code KafkaProducer.close(Duration)} does: refuses new records, waits at most
     * {@code timeout} for those already sent and fails the rest, then closes the official plugins once, in Kafka's
     * order (interceptors, metric reporters, serializers, partitioner); a plugin that fails to close is logged. A zero
     * timeout fails every record not yet sent at once; called from a record's callback, close does not wait either.
     *
     * @param timeout how long to wait for records already sent
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    @Override
    public void close(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        // The first closer owns the plugins: it closes them once the engine has finished every record. A later
        // close (say close(ZERO) from another thread, cutting the first one's wait short) must not close them under
        // records that are still completing (interceptors' onAcknowledgement after their close).
        boolean owner = closed.compareAndSet(false, true);
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            throw KafkaErrors.toKafka(e);
        } finally {
            if (owner) {
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
     * Vltava does not push client metrics (KIP-714), so there is no client instance id: this always throws, as
     * {@code KafkaProducer} does when {@code enable.metrics.push=false}.
     *
     * @param timeout ignored
     * @return never returns normally
     * @throws IllegalStateException always
     */
    @Override
    public Uuid clientInstanceId(Duration timeout) {
        throw new IllegalStateException("Client metrics push (KIP-714) is not supported by Vltava, so there is no "
                + "client instance id.");
    }

    /**
     * Does nothing beyond its argument check: Vltava does not push client metrics, so there is no subscription to add
     * a metric to.
     *
     * @param metric the application's metric
     * @throws NullPointerException if {@code metric} is null
     */
    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * Does nothing beyond its argument check, see {@link #registerMetricForSubscription}.
     *
     * @param metric the application's metric
     * @throws NullPointerException if {@code metric} is null
     */
    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * Registers {@code transactional.id} with its transaction coordinator, fencing older producers with the same id
     * and aborting a transaction they left open, waiting at most {@code max.block.ms}. Call once, before the first
     * {@link #beginTransaction()}. As in {@code KafkaProducer}, a call that timed out goes on in the background and
     * calling it again waits for its result.
     *
     * <p>Failures of every transactional method of this class are the official ones {@code KafkaProducer} throws:
     * {@link IllegalStateException} without {@code transactional.id} or for misuse (a second call, commit without
     * begin, ...); otherwise {@code ProducerFencedException}, {@code TransactionAbortableException},
     * {@code TransactionalIdAuthorizationException}, {@code TimeoutException}, {@code InterruptException}, and so on.
     *
     * @throws IllegalStateException without {@code transactional.id}, when called a second time, or after close
     * @throws org.apache.kafka.common.errors.TimeoutException if not done within {@code max.block.ms}
     * @throws org.apache.kafka.common.errors.InterruptException if interrupted while waiting
     * @throws org.apache.kafka.common.KafkaException (an official subclass) for other failures, for instance
     *         {@code ProducerFencedException} or {@code TransactionalIdAuthorizationException}
     */
    @Override
    public void initTransactions() {
        transactional(producer::initTransactions);
    }

    /**
     * Opens a transaction: the records sent from now on until commit or abort belong to it. Needs
     * {@link #initTransactions()} first and no transaction open. Failures as described at {@link #initTransactions()}.
     *
     * @throws IllegalStateException without {@code transactional.id}, before {@code initTransactions}, while a
     *         transaction is open or ending, or after close
     * @throws org.apache.kafka.common.errors.ProducerFencedException if another producer took over the transactional id
     * @throws org.apache.kafka.common.errors.TransactionAbortableException if the last transaction failed and was not
     *         aborted yet
     */
    @Override
    public void beginTransaction() {
        transactional(producer::beginTransaction);
    }

    /**
     * Adds the consumer's offsets to the open transaction (the consume-transform-produce loop): the group commits them
     * if and only if the transaction commits. Waits until the group coordinator took them, at most
     * {@code max.block.ms}. Failures as described at {@link #initTransactions()}.
     *
     * @param offsets       per partition, the offset of the next record to consume (and its metadata)
     * @param groupMetadata the consumer's {@code groupMetadata()}
     * @throws NullPointerException     if {@code offsets} is null
     * @throws IllegalArgumentException if {@code groupMetadata} is null, or has a generation but no member id
     * @throws IllegalStateException    without {@code transactional.id} or without an open transaction
     * @throws org.apache.kafka.common.errors.TransactionAbortableException if the group refused the offsets: abort the
     *         transaction
     * @throws org.apache.kafka.common.errors.ProducerFencedException if another producer took over the transactional id
     * @throws org.apache.kafka.common.errors.TimeoutException if not done within {@code max.block.ms}
     */
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

    /**
     * Sends every record of the open transaction, waits until each is complete (and its callback ran), then commits
     * the transaction, waiting at most {@code max.block.ms}. Failures as described at {@link #initTransactions()}.
     *
     * @throws IllegalStateException without {@code transactional.id} or without an open transaction
     * @throws org.apache.kafka.common.errors.TransactionAbortableException if a record or the offsets of the transaction
     *         failed: call {@link #abortTransaction()}
     * @throws org.apache.kafka.common.errors.ProducerFencedException if another producer took over the transactional id
     * @throws org.apache.kafka.common.errors.TimeoutException if not done within {@code max.block.ms}: call again to
     *         wait for the result
     */
    @Override
    public void commitTransaction() {
        transactional(producer::commitTransaction);
    }

    /**
     * Aborts the open transaction: its records not sent yet fail with the official
     * {@code TransactionAbortedException}, those in flight complete first, then the coordinator discards the
     * transaction. Waits at most {@code max.block.ms}. Failures as described at {@link #initTransactions()}.
     *
     * @throws IllegalStateException without {@code transactional.id} or without a transaction to abort
     * @throws org.apache.kafka.common.errors.ProducerFencedException if another producer took over the transactional id
     * @throws org.apache.kafka.common.errors.TimeoutException if not done within {@code max.block.ms}: call again to
     *         wait for the result
     */
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

    /**
     * Describes this producer by its {@code client.id}.
     *
     * @return a short description naming the client id
     */
    @Override
    public String toString() {
        return "VltavaKafkaProducer(client.id=" + clientId + ")";
    }
}
