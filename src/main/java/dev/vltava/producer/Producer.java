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

    /**
     * Sends a record without a callback: the same as {@code send(record, null)}.
     *
     * @param record the record to send; its topic must be set
     * @return a future that completes with the record's metadata once the broker acknowledged it, or exceptionally
     *         with the reason it was not written
     * @throws NullPointerException   if {@code record} is null
     * @throws IllegalStateException  if the producer is closed, or it has a {@code transactional.id} and no
     *                                transaction is open
     * @throws SerializationException if the key or value serializer fails
     * @throws InterruptException     if the thread is interrupted while waiting for buffer memory
     * @see #send(ProducerRecord, Callback)
     */
    default CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record and calls {@code callback} once when it is done, before the returned future completes.
     * Interceptors, the serializers and the partitioner run on the calling thread; a record whose topic has no
     * metadata yet is kept aside until it arrives, so this never blocks on metadata. It blocks only while
     * {@code buffer.memory} is full (or callbacks have fallen that far behind), for at most {@code max.block.ms}.
     *
     * <p>Every failure found after the checks listed below (record larger than {@code max.request.size} or
     * {@code buffer.memory}, no buffer memory within {@code max.block.ms}, the topic's metadata not known within
     * {@code max.block.ms}, delivery timeouts, broker errors, a partitioner that throws, an aborted or failed
     * transaction) is reported through the callback and the future, never thrown.
     *
     * @param record   the record to send; its topic must be set
     * @param callback called exactly once with the metadata or the failure, on the producer's callback thread; may
     *                 be null
     * @return a future that completes, after the callback ran, with the record's metadata once the broker
     *         acknowledged it, or exceptionally with the reason it was not written
     * @throws NullPointerException   if {@code record} is null
     * @throws IllegalStateException  if the producer is closed, or it has a {@code transactional.id} and no
     *                                transaction is open
     * @throws SerializationException if the key or value serializer fails
     * @throws InterruptException     if the thread is interrupted while waiting for buffer memory
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    /**
     * Makes every record buffered now ready to send at once (ignoring {@code linger.ms}) and waits until all records
     * sent before this call are complete, successfully or not; their callbacks have run when it returns. There is
     * no time limit: each record is bounded by {@code delivery.timeout.ms} (or {@code max.block.ms} while it waits
     * for metadata). Failed records are not reported here; look at their futures.
     *
     * @throws IllegalStateException if called from a record's callback (it would wait for itself)
     * @throws InterruptException    if the thread is interrupted while waiting
     */
    void flush();

    /**
     * Closes the producer, waiting without a time limit until every record already sent is complete; the same as
     * {@code close(Duration.ofMillis(Long.MAX_VALUE))}. Called from a record's callback it cannot wait for itself
     * and acts as {@code close(Duration.ZERO)}. Calling it again does nothing.
     */
    @Override
    void close();

    /**
     * Closes the producer: refuses new records, lets those already sent complete for at most {@code timeout}, then
     * fails the ones still pending, gives their callbacks a short grace to run (so that close normally returns with
     * every future done), and closes the serializers, the partitioner and the interceptors. A zero (or
     * negative) timeout fails every record not yet sent at once, and also cuts short a close that is still waiting in
     * another thread. Called from a record's callback it acts as a zero timeout. Calling it again does nothing else.
     *
     * @param timeout how long to wait for records already sent; a negative value is treated as zero
     * @throws NullPointerException if {@code timeout} is null
     */
    void close(Duration timeout);

    /**
     * Returns the partitions of a topic, fetching its metadata first if the producer does not have it yet, waiting
     * at most {@code max.block.ms}.
     *
     * @param topic the topic's name
     * @return the topic's partitions, with their leaders and replicas as last known
     * @throws NullPointerException    if {@code topic} is null
     * @throws IllegalStateException   if the producer is closed
     * @throws AuthorizationException  if the client may not describe the topic
     * @throws AuthenticationException if every broker refused the client's credentials
     * @throws TimeoutException        if the topic's metadata did not arrive within {@code max.block.ms} (for
     *                                 instance because the topic does not exist)
     * @throws InterruptException      if the thread is interrupted while waiting
     */
    List<PartitionInfo> partitionsFor(String topic);

    /**
     * The producer's metrics, under the official client's names, groups and tags (see docs/observability.md): the
     * metrics that exist now (per-topic and per-broker metrics appear with the first batch to a topic, the first
     * request to a broker); each {@link Metric} reads its live value. The map is read-only and does not change; call
     * again to see metrics added since.
     *
     * @return a read-only snapshot of the current metrics, by name
     */
    Map<MetricName, Metric> metrics();

    /**
     * Tells {@code listener} of every metric added from now on (and of each removal); metrics that exist already are
     * not replayed, so read {@link #metrics()} after adding it. See {@link MetricsListener} for the rules. Adding the
     * same listener twice has no further effect.
     *
     * @param listener told of metrics added and removed from now on
     * @throws NullPointerException if {@code listener} is null
     */
    void addMetricsListener(MetricsListener listener);

    /**
     * Stops telling {@code listener} of metric changes. A listener that was never added is ignored.
     *
     * @param listener a listener given to {@link #addMetricsListener(MetricsListener)}
     * @throws NullPointerException if {@code listener} is null
     */
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
     * @throws IllegalStateException  without transactional.id, when called a second time, after close, or from a
     *                                record's callback
     * @throws TimeoutException       not done within max.block.ms (call again to go on waiting)
     * @throws InterruptException     if the thread is interrupted while waiting
     * @throws VltavaException        of kind FATAL: not authorized for the transactional id, fenced, ...
     */
    void initTransactions();

    /**
     * As {@link #initTransactions()}, waiting at most {@code timeout} instead of {@code max.block.ms}.
     *
     * @param timeout how long to wait for the result
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    as {@link #initTransactions()}
     * @throws TimeoutException         not done within {@code timeout} (call again to go on waiting)
     * @throws InterruptException       if the thread is interrupted while waiting
     * @throws VltavaException          of kind FATAL, as {@link #initTransactions()}
     */
    void initTransactions(Duration timeout);

    /**
     * Opens a transaction: every record sent from now on until commit or abort belongs to it. Needs
     * {@link #initTransactions()} first and no transaction open.
     *
     * @throws IllegalStateException         without transactional.id, before initTransactions, while a
     *                                       transaction is open or ending, after close, or from a record's callback
     * @throws TransactionAbortableException the last transaction failed and was not aborted yet
     * @throws ProducerFencedException       another producer took over the transactional id
     * @throws TimeoutException              not done within {@code max.block.ms}
     * @throws InterruptException            if the thread is interrupted while waiting
     */
    void beginTransaction();

    /**
     * Commits consumer offsets as part of the open transaction (the consume-transform-produce loop): they become the
     * group's committed offsets if and only if the transaction commits. {@code offsets} are the next offsets to read
     * per partition; {@code groupMetadata} is the consumer's (its {@code groupMetadata()}). Waits until the group
     * coordinator took them, at most {@code max.block.ms}.
     *
     * @param offsets       per partition, the offset of the next record the consumer should read and its metadata
     * @param groupMetadata the consumer's group metadata (group id, generation, member id)
     * @throws NullPointerException          if {@code offsets} or {@code groupMetadata} is null, or {@code offsets}
     *                                       holds a null partition or offset
     * @throws IllegalStateException         without transactional.id, without an open transaction, after close, or
     *                                       from a record's callback
     * @throws TransactionAbortableException the group refused them (not a member any more, not authorized): abort
     * @throws ProducerFencedException       another producer took over the transactional id
     * @throws TimeoutException              not done in time: call again to wait for the result
     * @throws InterruptException            if the thread is interrupted while waiting
     */
    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata);

    /**
     * Sends every record of the transaction, waits until each is acknowledged (and its callback ran), then commits
     * the transaction. Waits at most {@code max.block.ms}.
     *
     * @throws IllegalStateException         without transactional.id, without an open transaction, after close,
     *                                       or from a record's callback
     * @throws TransactionAbortableException a record or an offset commit of the transaction failed: call
     *                                       {@link #abortTransaction()}
     * @throws ProducerFencedException       another producer took over the transactional id
     * @throws TimeoutException              not done in time: call commitTransaction() again to wait for the result
     * @throws InterruptException            if the thread is interrupted while waiting
     */
    void commitTransaction();

    /**
     * As {@link #commitTransaction()}, waiting at most {@code timeout} instead of {@code max.block.ms}.
     *
     * @param timeout how long to wait for the result
     * @throws NullPointerException          if {@code timeout} is null
     * @throws IllegalArgumentException      if {@code timeout} is negative
     * @throws IllegalStateException         as {@link #commitTransaction()}
     * @throws TransactionAbortableException a record or an offset commit of the transaction failed: abort
     * @throws ProducerFencedException       another producer took over the transactional id
     * @throws TimeoutException              not done within {@code timeout}: call again to wait for the result
     * @throws InterruptException            if the thread is interrupted while waiting
     */
    void commitTransaction(Duration timeout);

    /**
     * As {@link #commitTransaction()} without waiting: the future completes (on the producer's callback thread) with
     * the outcome. Calling {@code commitTransaction()} afterwards is refused only while another call's result is
     * uncollected; the future is how this call's result is collected. Do not wait for the future inside a record's
     * callback: it completes on that same thread.
     *
     * @return a future that completes normally when the transaction is committed, or exceptionally with what
     *         {@link #commitTransaction()} would throw
     * @throws IllegalStateException without transactional.id, after close, or while another transactional call's
     *                               result is uncollected
     */
    CompletableFuture<Void> commitTransactionAsync();

    /**
     * Aborts the open transaction: its records not sent yet fail with {@link TransactionAbortedException}, those in
     * flight end first, then the coordinator discards the transaction (read_committed consumers never see its
     * records). Waits at most {@code max.block.ms}. This is also the one call allowed after a
     * {@link TransactionAbortableException}.
     *
     * @throws IllegalStateException   without transactional.id, without a transaction to abort, after close, or from
     *                                 a record's callback
     * @throws ProducerFencedException another producer took over the transactional id
     * @throws TimeoutException        not done in time: call abortTransaction() again to wait for the result
     * @throws InterruptException      if the thread is interrupted while waiting
     */
    void abortTransaction();

    /**
     * As {@link #abortTransaction()}, waiting at most {@code timeout} instead of {@code max.block.ms}.
     *
     * @param timeout how long to wait for the result
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    as {@link #abortTransaction()}
     * @throws ProducerFencedException  another producer took over the transactional id
     * @throws TimeoutException         not done within {@code timeout}: call again to wait for the result
     * @throws InterruptException       if the thread is interrupted while waiting
     */
    void abortTransaction(Duration timeout);

    /**
     * As {@link #abortTransaction()} without waiting: the future completes (on the producer's callback thread) with
     * the outcome, so do not wait for it inside a record's callback.
     *
     * @return a future that completes normally when the transaction is aborted, or exceptionally with what
     *         {@link #abortTransaction()} would throw
     * @throws IllegalStateException without transactional.id, after close, or while another transactional call's
     *                               result is uncollected
     */
    CompletableFuture<Void> abortTransactionAsync();

    /**
     * Starts a builder with typed setters for every setting; the serializers chosen on it fix the producer's types.
     *
     * @param <K> the key type (re-typed by {@link ProducerBuilder#keySerializer(Serializer)})
     * @param <V> the value type (re-typed by {@link ProducerBuilder#valueSerializer(Serializer)})
     * @return a new, empty builder
     */
    static <K, V> ProducerBuilder<K, V> builder() {
        return new ProducerBuilder<>();
    }

    /**
     * A producer from Kafka property keys; {@code key.serializer} and {@code value.serializer} are required and
     * name classes with a no-argument constructor (Kafka's built-in serializer names map to {@link Serializers}).
     * The serializers, and the partitioner and interceptors named in the settings, are created and configured here
     * and closed with the producer (or at once, if starting fails).
     *
     * @param <K>   the key type, as the key serializer produces it
     * @param <V>   the value type, as the value serializer produces it
     * @param props producer settings under Kafka's keys (values typed or as strings)
     * @return a started producer
     * @throws ConfigException if a required setting is missing or a setting is invalid, if a config provider
     *                         reference cannot be resolved, or if a class named in the settings cannot be loaded or
     *                         created
     */
    static <K, V> Producer<K, V> create(Map<String, ?> props) {
        return create(ProducerConfig.from(props), null, null);
    }

    /**
     * As {@link #create(Map)}, from {@link Properties} (their defaults included).
     *
     * @param <K>   the key type, as the key serializer produces it
     * @param <V>   the value type, as the value serializer produces it
     * @param props producer settings under Kafka's keys; every key must be a string
     * @return a started producer
     * @throws ConfigException as {@link #create(Map)}, or if a key is not a string
     */
    static <K, V> Producer<K, V> create(Properties props) {
        return create(ProducerConfig.from(props), null, null);
    }

    /**
     * A producer with the given serializers; a null serializer is created from {@code key.serializer} /
     * {@code value.serializer}. Serializers passed in are not configured (as in Kafka), but the producer closes them
     * when it closes.
     *
     * @param <K>             the key type
     * @param <V>             the value type
     * @param config          a validated configuration, for instance from {@link ProducerConfig#from(Map)}
     * @param keySerializer   the key serializer, or null to create it from {@code key.serializer}
     * @param valueSerializer the value serializer, or null to create it from {@code value.serializer}
     * @return a started producer
     * @throws NullPointerException if {@code config} is null
     * @throws ConfigException      if a serializer is null and its setting is missing, or a class named in the
     *                              configuration cannot be loaded or created
     */
    static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer) {
        return Plugins.startProducer(config, keySerializer, valueSerializer, null, List.of(), null);
    }
}
