package dev.vltava.producer.internal;

import dev.vltava.producer.AuthenticationException;
import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.Callback;
import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.Headers;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.InterruptException;
import dev.vltava.producer.Metric;
import dev.vltava.producer.MetricName;
import dev.vltava.producer.MetricsListener;
import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.Partitioner;
import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerInterceptor;
import dev.vltava.producer.ProducerListener;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.SerializationException;
import dev.vltava.producer.Serializer;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.accumulate.PendingRecord;
import dev.vltava.producer.internal.accumulate.PendingRecordSender;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.BufferPoolClosedException;
import dev.vltava.producer.internal.memory.BufferPoolTimeoutException;
import dev.vltava.producer.internal.network.Transport;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.partition.DefaultPartitioning;
import dev.vltava.producer.internal.partition.Router;
import dev.vltava.producer.internal.partition.TopicRoute;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.record.RecordBatchWriter;
import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.internal.time.Deadlines;
import dev.vltava.producer.internal.transaction.TransactionCalls;
import dev.vltava.producer.internal.transaction.TransactionManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer: runs interceptors, serializers and the partitioner on the caller's thread, appends to the
 * accumulator (or parks the record until its topic's metadata is known — send() never blocks on metadata), and
 * returns a future that the completion thread completes after the record's callback ran.
 */
public final class VltavaProducer<K, V> implements Producer<K, V>, PendingRecordSender<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(VltavaProducer.class);

    private final Engine engine;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Partitioner userPartitioner;
    private final List<ProducerInterceptor<K, V>> interceptors;
    private final Router router;
    private final MetricViews metricViews;
    /** With a transactional.id: the transactional calls (and the send check); null otherwise. */
    private final TransactionCalls transactions;
    private volatile boolean closed;

    /**
     * The public API's one way into the engine: wires the engine from the configuration and starts a producer over it.
     *
     * @param partitioner  the user's partitioner, or {@code null} for the built-in logic
     * @param interceptors in call order; never null, possibly empty
     * @param listener     the producer's events (null: none), wrapped so that it cannot harm the engine
     */
    public static <K, V> Producer<K, V> start(ProducerConfig config, Serializer<K> keySerializer,
            Serializer<V> valueSerializer, Partitioner partitioner, List<ProducerInterceptor<K, V>> interceptors,
            ProducerListener listener) {
        Engine engine = new Engine(config, acknowledgementsTo(interceptors), (Transport) null);
        engine.metrics.events(ListenerEvents.of(listener));
        return new VltavaProducer<>(engine, keySerializer, valueSerializer, partitioner, List.copyOf(interceptors));
    }

    /** Hands each acknowledgement to the interceptors, in order; one that throws is logged and skipped. */
    private static <K, V> AckListener acknowledgementsTo(List<ProducerInterceptor<K, V>> interceptors) {
        if (interceptors.isEmpty()) {
            return AckListener.NONE;
        }
        return (metadata, exception) -> {
            for (ProducerInterceptor<K, V> i : interceptors) {
                try {
                    i.onAcknowledgement(metadata, exception);
                } catch (RuntimeException e) {
                    LOG.warn("interceptor {} threw in onAcknowledgement; ignored", i.getClass().getName(), e);
                }
            }
        };
    }

    VltavaProducer(Engine engine, Serializer<K> keySerializer, Serializer<V> valueSerializer, Partitioner partitioner,
            List<ProducerInterceptor<K, V>> interceptors) {
        this.engine = engine;
        this.metricViews = new MetricViews(engine.metrics.registry());
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.userPartitioner = partitioner;
        this.interceptors = interceptors;
        this.router = new Router(new DefaultPartitioning(engine.config.partitionerIgnoreKeys(), engine.sticky),
                partitioner, engine.accumulator, engine.metadata, engine.config.adaptivePartitioning(),
                engine.config.partitionerAvailabilityTimeoutMs(), engine::wakeup, engine.clock);
        engine.start(router);
        TransactionManager manager = engine.sender.transactions();
        this.transactions = manager == null ? null : new TransactionCalls(manager, engine::wakeup,
                engine.metrics, engine.clock);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        Objects.requireNonNull(record, "record must not be null");
        if (closed) {
            throw new IllegalStateException("Cannot send after the producer is closed.");
        }
        ProducerRecord<K, V> r = onSend(record);
        RecordFuture future = new RecordFuture(r.topic(), callback);
        append(r.topic(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers(), future);
        return future;
    }

    /**
     * As {@link #send(ProducerRecord, Callback)} without this producer's interceptors, for a caller that brings its
     * own {@link PendingRecord} (the drop-in facade, whose future holds the official metadata): the record costs the
     * engine that one object.
     */
    @Override
    public void sendPending(String topic, Integer partition, Long timestamp, K key, V value, Headers headers,
            PendingRecord<?> pending) {
        if (closed) {
            throw new IllegalStateException("Cannot send after the producer is closed.");
        }
        append(topic, partition, timestamp, key, value, headers, pending);
    }

    /**
     * Serializes, partitions and appends {@code r} (or parks it until its topic is known); false if it failed at once
     * (through {@code future}).
     */
    private boolean append(String topic, Integer partition, Long createTime, K key, V value, Headers recordHeaders,
            PendingRecord<?> future) {
        byte[] keyBytes = serialize(keySerializer, topic, recordHeaders, key, "key");
        byte[] valueBytes = serialize(valueSerializer, topic, recordHeaders, value, "value");
        RecordHeader[] headers = HeaderAdapter.of(recordHeaders);
        long timestamp = createTime != null ? createTime : System.currentTimeMillis();
        int explicit = partition == null ? DefaultPartitioning.NO_PARTITION : partition;
        future.bind(keyBytes == null ? -1 : keyBytes.length, valueBytes == null ? -1 : valueBytes.length, timestamp);
        VltavaException fatal = engine.sender.fatalError();
        if (fatal != null) {
            return failNow(future, fatal, explicit);
        }
        if (transactions != null) {
            VltavaException rejected = transactions.checkSend(); // IllegalStateException when no transaction is open
            if (rejected != null) {
                return failNow(future, rejected, explicit);
            }
        }
        int size = RecordBatchWriter.estimateMaxSizeInBytes(keyBytes, valueBytes, headers);
        if (size > engine.config.maxRequestSizeBytes()) {
            return failNow(future, tooLarge(size, engine.config.maxRequestSizeBytes(), "max.request.size"), explicit);
        }
        if (size > engine.config.bufferMemoryBytes()) {
            return failNow(future, tooLarge(size, engine.config.bufferMemoryBytes(), "buffer.memory"), explicit);
        }
        if (!awaitCallbackBacklog()) {
            engine.metrics.bufferExhausted(topic, engine.clock.getAsLong());
            return failNow(future, new TimeoutException(TimeoutException.What.BUFFER_MEMORY, "Callbacks are behind: "
                    + "the batches whose callbacks have not run yet hold " + engine.completions.backlogBytes()
                    + " bytes, more than buffer.memory=" + engine.config.bufferMemoryBytes() + ", for "
                    + engine.config.maxBlockMs() + " ms (max.block.ms). Make callbacks faster or non-blocking."),
                    explicit);
        }
        // No clock read per record: the accumulator reads it when the record opens a batch (issue 16).
        TopicRoute route = router.route(topic, RecordAccumulator.READ_CLOCK);
        int partitions = route.partitionCount;
        try {
            // Known topic with records still queued: wait (bounded) for those that could go where this one goes
            // (queued for lack of memory); records waiting for a partition the topic lacks do not hold it back.
            if (partitions > 0 && explicit < partitions && (!engine.waiting.isWaiting(topic)
                    || engine.waiting.awaitDrained(topic, partitions, engine.config.maxBlockMs()))) {
                appendNow(route, key, value, explicit, keyBytes, valueBytes, headers, timestamp, future,
                        RecordAccumulator.READ_CLOCK);
            } else {
                waitForMetadata(topic, key, value, explicit, keyBytes, valueBytes, headers, timestamp, future, size,
                        engine.clock.getAsLong());
            }
        } catch (BufferPoolTimeoutException e) {
            engine.metrics.bufferExhausted(topic, engine.clock.getAsLong());
            return failNow(future, new TimeoutException(TimeoutException.What.BUFFER_MEMORY, "Buffer memory "
                    + "exhausted: " + e.getMessage(), e), // (the pool's message says what to raise)
                    explicit);
        } catch (BufferPoolClosedException e) {
            throw new IllegalStateException("Cannot send after the producer is closed.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for buffer memory", e);
        } catch (IllegalArgumentException | PartitionerException e) {
            // The user's partitioner threw or returned an invalid partition: the record fails alone, through its
            // future, as it does when the partitioner runs later for a record that waited for metadata.
            return failNow(future, e, explicit);
        }
        return true;
    }

    /** Back-pressure from slow callbacks (bounded by max.block.ms); one volatile read when callbacks keep up. */
    private boolean awaitCallbackBacklog() {
        try {
            return engine.completions.awaitBacklogBelowLimit(engine.config.maxBlockMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for callbacks to catch up", e);
        }
    }

    private void appendNow(TopicRoute route, K key, V value, int explicit, byte[] keyBytes,
            byte[] valueBytes, RecordHeader[] headers, long timestamp, PendingRecord<?> future, long now)
            throws InterruptedException {
        int partition = router.partition(route, explicit, key, keyBytes, value, valueBytes);
        if (router.append(route, partition, explicit, keyBytes, valueBytes, headers, timestamp, future,
                engine.config.maxBlockMs(), now) == null) {
            // max.block.ms=0 and no buffer memory free right now: the record is in no batch. Fail it as a wait that
            // ran out (send() catches this), never return a future that nothing will complete.
            BufferPool pool = engine.pool;
            throw new BufferPoolTimeoutException(Math.max(engine.config.batchSizeBytes(),
                    RecordBatchWriter.estimateMaxSizeInBytes(keyBytes, valueBytes, headers)),
                    pool.availableMemoryBytes(), pool.totalMemoryBytes(), 0);
        }
    }

    private void waitForMetadata(String topic, K key, V value, int explicit, byte[] keyBytes,
            byte[] valueBytes, RecordHeader[] headers, long timestamp, PendingRecord<?> future, int size, long now)
            throws InterruptedException {
        long maxBlockMs = engine.config.maxBlockMs();
        engine.pool.reserve(size, maxBlockMs);
        WaitingRecords.Waiting w = new WaitingRecords.Waiting(key, value, keyBytes, valueBytes, headers,
                timestamp, explicit, future, Deadlines.afterMs(now, maxBlockMs), size);
        if (!engine.waiting.add(topic, w, true)) {
            engine.pool.release(size);
            TopicRoute route = router.route(topic, now);
            if (route.partitionCount <= 0 || explicit >= route.partitionCount) {
                throw new IllegalStateException("Cannot send after the producer is closed.");
            }
            appendNow(route, key, value, explicit, keyBytes, valueBytes, headers, timestamp, future, now);
            return;
        }
        engine.sender.wakeup();
    }

    private ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> r = record;
        for (int n = 0; n < interceptors.size(); n++) { // no iterator: this runs for every record
            ProducerInterceptor<K, V> i = interceptors.get(n);
            try {
                ProducerRecord<K, V> next = i.onSend(r);
                if (next != null) {
                    r = next;
                }
            } catch (RuntimeException e) {
                LOG.warn("interceptor {} threw in onSend; record passed on unchanged", i.getClass().getName(), e);
            }
        }
        return r;
    }

    private static <T> byte[] serialize(Serializer<T> serializer, String topic, Headers headers, T data,
            String what) {
        try {
            return serializer.serialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw new SerializationException("Can't serialize the " + what + " of a record to topic " + topic
                    + " with " + serializer.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private static RecordTooLargeException tooLarge(long size, long limit, String limitName) {
        return new RecordTooLargeException("The record is " + size + " bytes when serialized (with batch overhead), "
                + "more than " + limitName + "=" + limit + ".", size, limit, limitName, null);
    }

    private boolean failNow(PendingRecord<?> future, Exception e, int explicit) {
        engine.metrics.recordsFailed(null, 1);
        future.fail(e, explicit, engine.ackListener);
        return false;
    }

    @Override
    public void flush() {
        if (engine.completions.isCompletionThread()) {
            throw new IllegalStateException("flush() called from a callback would wait for itself; "
                    + "call it from another thread.");
        }
        long flushStartNs = engine.clock.getAsLong();
        engine.accumulator.beginFlush();
        engine.sender.wakeup();
        try {
            for (PendingRecord<?> f : engine.waiting.futures()) {
                awaitQuietly(f);
            }
            for (var batch : engine.accumulator.incompleteBatches()) {
                while (!batch.awaitDone(1, TimeUnit.SECONDS)) {
                    engine.sender.wakeup();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("flush interrupted", e);
        } finally {
            engine.accumulator.endFlush();
            long flushEndNs = engine.clock.getAsLong();
            engine.metrics.flushTime(flushEndNs - flushStartNs, flushEndNs);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (RuntimeException ignored) {
            // a failed record is still a completed one
        }
    }

    /**
     * Waits for the next answer to a metadata request instead of polling, and asks for another only once the previous
     * one was answered without the topic (the metadata updater paces requests by the refresh backoff). The wait is
     * cut into 50 ms slices only to notice an authentication failure of every node, which the sender reports without
     * a metadata answer.
     */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic must not be null");
        if (closed) {
            throw new IllegalStateException("Cannot use the producer after it is closed.");
        }
        long startNs = engine.clock.getAsLong();
        long deadline = Deadlines.afterMs(startNs, engine.config.maxBlockMs());
        long authenticationRecheckNs = TimeUnit.MILLISECONDS.toNanos(50);
        engine.metadata.touch(topic, startNs);
        boolean ask = true; // at first, and after each answer that did not bring the topic
        while (true) {
            long answersSeen = engine.metadata.answers(); // before the snapshot: an answer in between wakes the wait
            ClusterSnapshot cluster = engine.metadata.snapshot();
            TopicState t = cluster.topic(topic);
            if (t != null && t.errorCode() == ErrorCode.TOPIC_AUTHORIZATION_FAILED.code()) {
                throw new AuthorizationException(AuthorizationException.ResourceType.TOPIC, topic,
                        "Not authorized to access topic " + topic + ".");
            }
            if (cluster.partitionCount(topic) > 0) {
                long endNs = engine.clock.getAsLong();
                engine.metrics.metadataWait(endNs - startNs, endNs);
                return Router.partitionInfos(topic, cluster);
            }
            AuthenticationException unauthenticated = engine.sender.authenticationFailure();
            if (unauthenticated != null) {
                throw unauthenticated; // every broker refused us: waiting for max.block.ms cannot help
            }
            long leftNs = deadline - engine.clock.getAsLong();
            if (leftNs < 0) {
                throw new TimeoutException(TimeoutException.What.METADATA, "Topic " + topic + " not present in "
                        + "metadata after " + engine.config.maxBlockMs() + " ms (max.block.ms)"
                        + (t == null ? "" : "; broker said " + ErrorCode.forCode(t.errorCode()).name()) + ".");
            }
            if (ask) { // the metadata updater sends it once the refresh backoff since the last answer has passed
                engine.metadata.requestUpdate();
                engine.sender.wakeup();
            }
            try {
                ask = engine.metadata.awaitAnswer(answersSeen, Math.max(1, Math.min(leftNs, authenticationRecheckNs)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException("interrupted while waiting for metadata", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ transactions

    @Override
    public void initTransactions() {
        initTransactions(Duration.ofMillis(engine.config.maxBlockMs()));
    }

    @Override
    public void initTransactions(Duration timeout) {
        transactions("initTransactions", true).initTransactions(millis(timeout));
    }

    @Override
    public void beginTransaction() {
        transactions("beginTransaction", true).beginTransaction(engine.config.maxBlockMs());
    }

    @Override
    public void sendOffsetsToTransaction(Map<dev.vltava.producer.TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata) {
        transactions("sendOffsetsToTransaction", true).sendOffsetsToTransaction(offsets, groupMetadata,
                engine.config.maxBlockMs());
    }

    @Override
    public void commitTransaction() {
        commitTransaction(Duration.ofMillis(engine.config.maxBlockMs()));
    }

    @Override
    public void commitTransaction(Duration timeout) {
        transactions("commitTransaction", true).commitTransaction(millis(timeout));
    }

    @Override
    public CompletableFuture<Void> commitTransactionAsync() {
        return transactions("commitTransactionAsync", false).commitTransactionAsync();
    }

    @Override
    public void abortTransaction() {
        abortTransaction(Duration.ofMillis(engine.config.maxBlockMs()));
    }

    @Override
    public void abortTransaction(Duration timeout) {
        transactions("abortTransaction", true).abortTransaction(millis(timeout));
    }

    @Override
    public CompletableFuture<Void> abortTransactionAsync() {
        return transactions("abortTransactionAsync", false).abortTransactionAsync();
    }

    /**
     * The transactional calls, after the checks every transactional method shares: a transactional.id, not closed,
     * and (for a blocking call) not on the callback thread, where waiting would wait for itself: the call's result
     * is delivered through that thread, after the callbacks queued before it.
     */
    private TransactionCalls transactions(String method, boolean blocks) {
        if (transactions == null) {
            throw new IllegalStateException("Cannot call " + method + "(): this producer has no transactional.id. "
                    + "Set transactional.id to use transactions.");
        }
        if (closed) {
            throw new IllegalStateException("Cannot call " + method + "() after the producer is closed.");
        }
        if (blocks && engine.completions.isCompletionThread()) {
            throw new IllegalStateException(method + "() called from a callback would wait for itself; call it from "
                    + "another thread (or use the Async variant and do not block on it in a callback).");
        }
        return transactions;
    }

    private static long millis(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        return saturatedMillis(timeout);
    }

    @Override
    public Map<MetricName, Metric> metrics() {
        return metricViews.all();
    }

    @Override
    public void addMetricsListener(MetricsListener listener) {
        metricViews.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeMetricsListener(MetricsListener listener) {
        metricViews.removeListener(listener);
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        // converted before the producer is marked closed: a conversion that threw after it would leave it half-closed
        long timeoutMs = timeout.isNegative() ? 0 : saturatedMillis(timeout);
        synchronized (this) {
            if (closed) {
                if (timeout.isZero() || timeout.isNegative()) {
                    engine.sender.forceClose(); // close(0) cuts short a close() still waiting, as in KafkaProducer
                }
                return;
            }
            closed = true;
        }
        engine.close(timeoutMs);
        closeQuietly(keySerializer::close, "key serializer");
        closeQuietly(valueSerializer::close, "value serializer");
        if (userPartitioner != null) {
            closeQuietly(userPartitioner::close, "partitioner");
        }
        for (ProducerInterceptor<K, V> i : interceptors) {
            closeQuietly(i::close, "interceptor " + i.getClass().getName());
        }
    }

    /** The timeout in milliseconds, Long.MAX_VALUE for one too long to count in them ("wait for ever"). */
    private static long saturatedMillis(Duration timeout) {
        try {
            return timeout.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing the {} failed", what, e);
        }
    }
}
