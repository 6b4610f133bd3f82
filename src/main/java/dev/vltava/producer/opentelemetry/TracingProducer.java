package dev.vltava.producer.opentelemetry;

import dev.vltava.producer.Callback;
import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.Headers;
import dev.vltava.producer.Metric;
import dev.vltava.producer.MetricName;
import dev.vltava.producer.MetricsListener;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.TopicPartition;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A producer that traces each send ({@link ProducerTracing}) and hands everything else to the producer it wraps. */
final class TracingProducer<K, V> implements Producer<K, V> {
    /** Writes a trace-context field as a UTF-8 header, replacing an earlier one (a record forwarded with its own). */
    static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key).add(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    };

    private final Producer<K, V> producer;
    private final ProducerTracing tracing;

    TracingProducer(Producer<K, V> producer, ProducerTracing tracing) {
        this.producer = producer;
        this.tracing = tracing;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (record == null) {
            return producer.send(null, callback); // the producer's own argument error
        }
        ProducerRecord<K, V> traced = record.headers().isReadOnly() ? copyOf(record) : record;
        Span span = tracing.startSend(traced.topic(), traced.partition(), traced.headers(), HEADERS);
        EndSpan ending = new EndSpan(span, callback);
        try {
            return producer.send(traced, ending);
        } catch (RuntimeException | Error e) {
            ending.end(traced.partition() == null ? -1 : traced.partition(), -1L, e);
            throw e;
        }
    }

    /** A record sent before has read-only headers: send a copy that can take this send's trace context. */
    private static <K, V> ProducerRecord<K, V> copyOf(ProducerRecord<K, V> r) {
        return new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers());
    }

    /** Ends the span (once, whichever of the acknowledgement and a throwing send comes first), then the callback. */
    private static final class EndSpan implements Callback {
        private final Span span;
        private final Callback callback;
        private final AtomicBoolean ended = new AtomicBoolean();

        EndSpan(Span span, Callback callback) {
            this.span = span;
            this.callback = callback;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (metadata != null) {
                end(metadata.partition(), exception == null && metadata.hasOffset() ? metadata.offset() : -1L,
                        exception);
            } else {
                end(-1, -1L, exception);
            }
            if (callback != null) {
                callback.onCompletion(metadata, exception);
            }
        }

        void end(int partition, long offset, Throwable error) {
            if (ended.compareAndSet(false, true)) {
                ProducerTracing.endSend(span, partition, offset, error);
            }
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, Metric> metrics() {
        return producer.metrics();
    }

    @Override
    public void addMetricsListener(MetricsListener listener) {
        producer.addMetricsListener(listener);
    }

    @Override
    public void removeMetricsListener(MetricsListener listener) {
        producer.removeMetricsListener(listener);
    }

    @Override
    public void initTransactions() {
        producer.initTransactions();
    }

    @Override
    public void initTransactions(Duration timeout) {
        producer.initTransactions(timeout);
    }

    @Override
    public void beginTransaction() {
        producer.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata) {
        producer.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        producer.commitTransaction();
    }

    @Override
    public void commitTransaction(Duration timeout) {
        producer.commitTransaction(timeout);
    }

    @Override
    public CompletableFuture<Void> commitTransactionAsync() {
        return producer.commitTransactionAsync();
    }

    @Override
    public void abortTransaction() {
        producer.abortTransaction();
    }

    @Override
    public void abortTransaction(Duration timeout) {
        producer.abortTransaction(timeout);
    }

    @Override
    public CompletableFuture<Void> abortTransactionAsync() {
        return producer.abortTransactionAsync();
    }
}
