package dev.vltava.producer.compat;

import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.accumulate.PendingRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record's outcome, in official types: the engine keeps it as the record's {@link PendingRecord} and completes it
 * exactly once; it runs the official interceptors, then the user's callback, then completes itself — the future
 * {@code send()} returned — the order {@code KafkaProducer} keeps. Being the engine's record, the callback and the
 * future costs one object per record, and the official metadata is built straight from the offset (no Vltava
 * {@code RecordMetadata} in between).
 *
 * <p>A failure of an official partitioner (it threw, or returned a negative partition), found while {@code send()}
 * is still running on the caller's thread, is not reported here but kept for {@code send()} to throw, as Kafka throws
 * it. (Vltava reports it through the future; so does this facade when the partitioner ran later, for a record that
 * waited for its topic's metadata, since {@code send()} has returned by then.)
 */
class SendCompletion<K, V> extends PendingRecord<RecordMetadata> {
    private static final Logger LOG = LoggerFactory.getLogger(SendCompletion.class);

    // A queued record keeps this object on the heap until its callback has run (about 300,000 of them when a 32 MiB
    // buffer.memory is full of 100 B records), so it holds three references: 56 bytes with compressed references
    // (issue 16, 64 MiB heap). What every record of a producer shares is in the context; the headers, needed only by
    // interceptors, in the subclass made when there are interceptors.
    private final Callback userCallback;
    private final Context<K, V> context;
    /** During send(): the sending thread, or the failure send() must throw (see {@link #failed}); null after. */
    private Object inSend;

    /** What the completions of one producer share: its interceptors and the last partition completed. */
    static final class Context<K, V> {
        final Interceptors<K, V> interceptors;
        final LastTopicPartition partitions;

        Context(Interceptors<K, V> interceptors, LastTopicPartition partitions) {
            this.interceptors = interceptors;
            this.partitions = partitions;
        }
    }

    /**
     * The completion of a record sent with {@code context}: with interceptors it keeps the record's headers for their
     * {@code onAcknowledgement}; without, it does not hold them.
     */
    static <K, V> SendCompletion<K, V> of(String topic, Callback userCallback, Context<K, V> context,
            dev.vltava.producer.Headers headers) {
        return context.interceptors.isEmpty() ? new SendCompletion<>(topic, userCallback, context)
                : new WithHeaders<>(topic, userCallback, context, headers);
    }

    private SendCompletion(String topic, Callback userCallback, Context<K, V> context) {
        super(topic);
        this.userCallback = userCallback;
        this.context = context;
    }

    @Override
    protected int touchCallback() {
        return userCallback == null ? 0 : userCallback.getClass().hashCode();
    }

    /** Called by {@code send()} around its call into the engine. */
    final void enterSend() {
        inSend = Thread.currentThread();
    }

    /** Ends the send() window; returns the failure send() must throw instead of reporting it, or null. */
    final RuntimeException leaveSend() {
        Object state = inSend;
        inSend = null;
        return state instanceof RuntimeException rejected ? rejected : null;
    }

    /** The record's headers, for the interceptors (null without interceptors). */
    dev.vltava.producer.Headers headers() {
        return null;
    }

    @Override
    protected void succeeded(long offset, long timestamp, AckListener ackListener) {
        // The record's own offset with batch index 0 (the official RecordMetadata adds the two).
        finish(new RecordMetadata(context.partitions.of(topic(), partition()), offset, 0, timestamp, serializedKeySize(),
                serializedValueSize()), null);
    }

    @Override
    protected void failed(Exception error, AckListener ackListener) {
        if (error instanceof PartitionerException && inSend == Thread.currentThread()) {
            inSend = KafkaErrors.toKafka(error);
            return;
        }
        finish(KafkaTypes.failedMetadata(topic(), partition()), KafkaErrors.toKafka(error));
    }

    private void finish(RecordMetadata md, RuntimeException kafkaError) {
        // Kafka's order: for a record that failed inside send() the callback runs before the interceptors; for
        // every other outcome the interceptors run first.
        boolean failedInSend = inSend == Thread.currentThread();
        if (!failedInSend) {
            acknowledge(md, kafkaError);
        }
        if (userCallback != null) {
            try {
                userCallback.onCompletion(md, kafkaError);
            } catch (Throwable t) { // any Throwable: the batch's other records must still complete
                LOG.error("The callback of a record to {}-{} threw; ignored", topic(), md.partition(), t);
            }
        }
        if (failedInSend) {
            acknowledge(md, kafkaError);
        }
        if (kafkaError == null) {
            complete(md);
        } else {
            completeExceptionally(kafkaError);
        }
    }

    private void acknowledge(RecordMetadata md, Exception error) {
        if (!context.interceptors.isEmpty()) {
            context.interceptors.onAcknowledgement(md, error, new HeadersView(headers()));
        }
    }

    /** With interceptors: keeps the record's headers for their {@code onAcknowledgement}. */
    private static final class WithHeaders<K, V> extends SendCompletion<K, V> {
        private final dev.vltava.producer.Headers headers;

        WithHeaders(String topic, Callback userCallback, Context<K, V> context, dev.vltava.producer.Headers headers) {
            super(topic, userCallback, context);
            this.headers = headers;
        }

        @Override
        dev.vltava.producer.Headers headers() {
            return headers;
        }
    }
}
