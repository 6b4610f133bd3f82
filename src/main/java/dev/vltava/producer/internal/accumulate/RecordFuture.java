package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.Callback;
import dev.vltava.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * The future returned by {@code send()}; it also carries what the record's metadata needs (sizes, timestamp), so a
 * record costs the engine one object besides its bytes. Completed exactly once, on the completion thread, after the
 * record's callback has run (the official client's order).
 */
public final class RecordFuture extends CompletableFuture<RecordMetadata> {
    final Callback callback;
    final int serializedKeySize;
    final int serializedValueSize;
    final long timestamp;
    final String topic;
    int partition = -1;
    int offsetDelta;

    public RecordFuture(String topic, Callback callback, int serializedKeySize, int serializedValueSize, long timestamp) {
        this.topic = topic;
        this.callback = callback;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
        this.timestamp = timestamp;
    }

    public int partition() {
        return partition;
    }

    /** Runs the interceptors, then the callback (its exceptions are logged, never propagated), then completes. */
    void finish(RecordMetadata metadata, Exception error, AckListener ackListener) {
        RecordMetadata forCallback = metadata != null ? metadata
                : new RecordMetadata(topic, partition, -1L, -1L, serializedKeySize, serializedValueSize);
        try {
            ackListener.onAcknowledgement(forCallback, error);
        } catch (RuntimeException e) {
            Completions.LOG.warn("interceptor onAcknowledgement threw; ignored", e);
        }
        if (callback != null) {
            try {
                callback.onCompletion(error == null ? metadata : forCallback, error);
            } catch (RuntimeException e) {
                Completions.LOG.warn("callback for a record to {} threw; ignored", topic, e);
            }
        }
        if (error == null) {
            complete(metadata);
        } else {
            completeExceptionally(error);
        }
    }

    /** Fails a record that never reached a batch (bad input discovered late, producer closed, metadata timeout). */
    public void fail(Exception error, int knownPartition, AckListener ackListener) {
        this.partition = knownPartition;
        finish(null, error, ackListener);
    }
}
