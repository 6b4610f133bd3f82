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

    // ------------------------------------------------------------------------------------ transactions
    // Each method below needs transactional.id; without it, each throws IllegalStateException. A call that does not
    // finish in time throws TimeoutException (what() == TRANSACTION) and goes on in the background: calling the same
    // method again waits for its result (another transactional method is refused until then). After a
    // ProducerFencedException (another producer with the same transactional.id took over) or another FATAL error,
    // every call throws it again: close the producer. After a TransactionAbortableException (kind ABORTABLE), only
    // abortTransaction() is allowed.

    /**
     * Registers the transactional id with its coordinator and gets the producer id and epoch; fences older producers
     * with the same transactional id and aborts a transaction they left open. Call once, before the first
     * {@link #beginTransaction()}. Waits at most {@code max.block.ms}.
     *
     * @throws IllegalStateException  without transactional.id, or when called a second time
     * @throws TimeoutException       not done within max.block.ms (call again to go on waiting)
     * @throws VltavaException        of kind FATAL: not authorized for the transactional id, fenced, ...
     */
    void initTransactions();

    /** As {@link #initTransactions()}, waiting at most {@code timeout}. */
    void initTransactions(Duration timeout);

    /**
     * Opens a transaction: every record sent from now on until commit or abort belongs to it. Needs
     * {@link #initTransactions()} first and no transaction open.
     *
     * @throws IllegalStateException         without transactional.id, before initTransactions, or while a
     *                                       transaction is open or ending
     * @throws TransactionAbortableException the last transaction failed and was not aborted yet
     * @throws ProducerFencedException       another producer took over the transactional id
     */
    void beginTransaction();

    /**
     * Commits consumer offsets as part of the open transaction (the consume-transform-produce loop): they become the
     * group's committed offsets if and only if the transaction commits. {@code offsets} are the next offsets to read
     * per partition; {@code groupMetadata} is the consumer's (its {@code groupMetadata()}). Waits until the group
     * coordinator took them, at most {@code max.block.ms}.
     *
     * @throws TransactionAbortableException the group refused them (not a member any more, not authorized): abort
     */
    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata);

    /**
     * Sends every record of the transaction, waits until each is acknowledged (and its callback ran), then commits
     * the transaction. Waits at most {@code max.block.ms}.
     *
     * @throws TransactionAbortableException a record or an offset commit of the transaction failed: call
     *                                       {@link #abortTransaction()}
     * @throws TimeoutException              not done in time: call commitTransaction() again to wait for the result
     */
    void commitTransaction();

    /** As {@link #commitTransaction()}, waiting at most {@code timeout}. */
    void commitTransaction(Duration timeout);

    /**
     * As {@link #commitTransaction()} without waiting: the future completes (on the producer's callback thread) with
     * the outcome. Calling {@code commitTransaction()} afterwards is refused only while another call's result is
     * uncollected; the future is how this call's result is collected.
     */
    CompletableFuture<Void> commitTransactionAsync();

    /**
     * Aborts the open transaction: its records not sent yet fail with {@link TransactionAbortedException}, those in
     * flight end first, then the coordinator discards the transaction (read_committed consumers never see its
     * records). Waits at most {@code max.block.ms}.
     */
    void abortTransaction();

    /** As {@link #abortTransaction()}, waiting at most {@code timeout}. */
    void abortTransaction(Duration timeout);

    /** As {@link #abortTransaction()} without waiting. */
    CompletableFuture<Void> abortTransactionAsync();

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
        return Plugins.startProducer(config, keySerializer, valueSerializer, null, List.of(), null);
    }
}
