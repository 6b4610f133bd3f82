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
final class SendCompletion<K, V> extends PendingRecord<RecordMetadata> {
    private static final Logger LOG = LoggerFactory.getLogger(SendCompletion.class);

    private final Callback userCallback;
    private final Interceptors<K, V> interceptors;
    private final dev.vltava.producer.Headers headers;
    private final LastTopicPartition partitions;
    private Thread sendingThread;
    private RuntimeException rejectedInSend;

    SendCompletion(String topic, Callback userCallback, Interceptors<K, V> interceptors,
            dev.vltava.producer.Headers headers, LastTopicPartition partitions) {
        super(topic);
        this.partitions = partitions;
        this.userCallback = userCallback;
        this.interceptors = interceptors;
        // Kept only for the interceptors' onAcknowledgement: without interceptors a queued record does not hold its
        // headers object (24 B per queued record, of a small heap full of queued records).
        this.headers = interceptors.isEmpty() ? null : headers;
    }

    /** Called by {@code send()} around its call into the engine. */
    void enterSend() {
        sendingThread = Thread.currentThread();
    }

    /** Ends the send() window; returns the failure send() must throw instead of reporting it, or null. */
    RuntimeException leaveSend() {
        sendingThread = null;
        return rejectedInSend;
    }

    @Override
    protected void succeeded(long offset, long timestamp, AckListener ackListener) {
        // The record's own offset with batch index 0 (the official RecordMetadata adds the two).
        finish(new RecordMetadata(partitions.of(topic(), partition()), offset, 0, timestamp, serializedKeySize(),
                serializedValueSize()), null);
    }

    @Override
    protected void failed(Exception error, AckListener ackListener) {
        if (error instanceof PartitionerException && sendingThread == Thread.currentThread()) {
            rejectedInSend = KafkaErrors.toKafka(error);
            return;
        }
        finish(KafkaTypes.failedMetadata(topic(), partition()), KafkaErrors.toKafka(error));
    }

    private void finish(RecordMetadata md, RuntimeException kafkaError) {
        // Kafka's order: for a record that failed inside send() the callback runs before the interceptors; for
        // every other outcome the interceptors run first.
        boolean failedInSend = sendingThread == Thread.currentThread();
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
        if (!interceptors.isEmpty()) {
            interceptors.onAcknowledgement(md, error, new HeadersView(headers));
        }
    }
}
