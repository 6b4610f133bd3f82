package dev.vltava.producer.compat;

import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record's outcome, in official types: the engine calls it (as Vltava's callback) exactly once, and it runs the
 * official interceptors, then the user's callback, then completes itself — the future {@code send()} returned —
 * the order {@code KafkaProducer} keeps. Being both the callback and the future costs one object per record.
 *
 * <p>A failure of an official partitioner (it threw, or returned a negative partition), found while {@code send()}
 * is still running on the caller's thread, is not reported here but kept for {@code send()} to throw, as Kafka throws
 * it. (Vltava reports it through the future; so does this facade when the partitioner ran later, for a record that
 * waited for its topic's metadata, since {@code send()} has returned by then.)
 */
final class SendCompletion<K, V> extends CompletableFuture<RecordMetadata> implements dev.vltava.producer.Callback {
    private static final Logger LOG = LoggerFactory.getLogger(SendCompletion.class);

    private final String topic;
    private final Callback userCallback;
    private final Interceptors<K, V> interceptors;
    private final dev.vltava.producer.Headers headers;
    private final LastTopicPartition partitions;
    private Thread sendingThread;
    private RuntimeException rejectedInSend;

    SendCompletion(String topic, Callback userCallback, Interceptors<K, V> interceptors,
            dev.vltava.producer.Headers headers, LastTopicPartition partitions) {
        this.topic = topic;
        this.partitions = partitions;
        this.userCallback = userCallback;
        this.interceptors = interceptors;
        this.headers = headers;
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
    public void onCompletion(dev.vltava.producer.RecordMetadata metadata, Exception error) {
        if (error instanceof PartitionerException && sendingThread == Thread.currentThread()) {
            rejectedInSend = KafkaErrors.toKafka(error);
            return;
        }
        RecordMetadata md;
        RuntimeException kafkaError;
        if (error == null) {
            md = KafkaTypes.metadata(metadata, partitions.of(metadata.topic(), metadata.partition()));
            kafkaError = null;
        } else {
            md = KafkaTypes.failedMetadata(topic, metadata == null ? RecordMetadata.UNKNOWN_PARTITION
                    : metadata.partition());
            kafkaError = KafkaErrors.toKafka(error);
        }
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
                LOG.error("The callback of a record to {}-{} threw; ignored", topic, md.partition(), t);
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

    @Override
    public RecordMetadata get() throws InterruptedException, java.util.concurrent.ExecutionException {
        RecordFuture.checkNotBlockingTheCompletionThread(this); // inside a callback it would wait for itself
        return super.get();
    }

    @Override
    public RecordMetadata get(long timeout, java.util.concurrent.TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        RecordFuture.checkNotBlockingTheCompletionThread(this);
        return super.get(timeout, unit);
    }

    @Override
    public RecordMetadata join() {
        RecordFuture.checkNotBlockingTheCompletionThread(this);
        return super.join();
    }

    private void acknowledge(RecordMetadata md, Exception error) {
        if (!interceptors.isEmpty()) {
            interceptors.onAcknowledgement(md, error, new HeadersView(headers));
        }
    }
}
